"""Atom feeds for a case, a country and a saved search (the case list's parameters).

Feeds are read by feed readers, without the reader's session: they are built for an anonymous
visitor (`visible_to(ANONYMOUS)`), and a case that anonymous visitors cannot see answers 404 exactly
like a case that does not exist.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.filters import CaseQuery, InvalidQuery
from cases.models import Country
from cases.visibility import ANONYMOUS, get_case_for_user
from interface.feeds import PlainTextAtom1Feed

from .services.changes import FEED_LIMIT, recently_changed
from .services.status import LABELS, annotate_status
from .services.subscriptions import Scope
from .services.timeline import follow_up


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


class CaseFeed(Feed):
    """A case's timeline, newest entry first."""

    feed_type = PlainTextAtom1Feed

    def get_object(self, request, public_id):
        return get_case_for_user(ANONYMOUS, public_id)

    def title(self, case):
        return _("EndReprisals: %(title)s") % {"title": case.title}

    def link(self, case):
        return case.get_absolute_url()

    def feed_url(self, case):
        return reverse("tracking:case-feed", args=[case.public_id])

    def subtitle(self, case):
        return _("Timeline of a case of reprisal: events, report mentions and outcomes.")

    def items(self, case):
        data = follow_up(case)
        entries = sorted(data.entries, key=lambda e: e.sort_key, reverse=True)
        for entry in entries:
            entry.case = case
        return entries

    def item_title(self, entry):
        return f"{entry.date_text} — {entry.title}"

    def item_description(self, entry):
        bits = [entry.detail, entry.note, entry.source_label]
        return " — ".join(b for b in bits if b)

    def item_link(self, entry):
        return f"{entry.case.get_absolute_url()}#{entry.anchor}"

    def item_guid(self, entry):
        return f"{entry.case.public_id}:{entry.anchor}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return _moment(entry.date)

    def item_updateddate(self, entry):
        """When the entry last changed in the database (not the day it is about), so feed
        readers see corrections; the entry's own day only when nothing records that."""
        if entry.event is not None:
            return entry.event.updated_at
        return entry.recorded_at or _moment(entry.date)


class _CasesFeed(Feed):
    """The most recently changed public cases of a scope."""

    feed_type = PlainTextAtom1Feed

    def items(self, scope):
        return recently_changed(annotate_status(scope.public_cases()), FEED_LIMIT)

    def item_title(self, case):
        return case.title

    def item_description(self, case):
        status = LABELS.get(case.derived_status, case.derived_status)
        head = f"{case.country.display_name} · {status}"
        return f"{head}\n\n{case.summary}" if case.summary else head

    def item_link(self, case):
        return case.get_absolute_url()

    def item_guid(self, case):
        return case.public_id

    item_guid_is_permalink = False

    def item_pubdate(self, case):
        return case.published_at or case.created_at

    def item_updateddate(self, case):
        return case.last_changed

    def feed_url(self, scope):
        return scope.feed_url

    def link(self, scope):
        return scope.page_url

    def title(self, scope):
        return _("EndReprisals: %(scope)s") % {"scope": scope.label}


class CountryFeed(_CasesFeed):
    def get_object(self, request, iso2):
        if iso2 != iso2.lower():
            raise Http404
        return Scope("country", country=get_object_or_404(Country, iso2=iso2.upper()))


class SearchFeed(_CasesFeed):
    def get_object(self, request):
        return Scope.for_search(CaseQuery.from_querydict(request.GET))

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidQuery as exc:
            lines = [f"{k}: {v}" for k, v in exc.errors.items()]
            return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")
