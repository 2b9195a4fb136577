"""What changed, and when: the single definition used by the Atom feeds and the e-mail digests.

A case changes when it is published or edited (`Case.published_at`, `Case.updated_at`), when one
of its timeline events is added, edited or deleted, or when a report mention is recorded,
edited or removed (the last two read from their history tables, which date every change).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Q

from cases.models import Mention

from ..models import TimelineEvent

FEED_LIMIT = 50


def _event_history():
    return TimelineEvent.history.model.objects


def _mention_history():
    return Mention.history.model.objects


def changed_between(cases, since: datetime.datetime | None, until: datetime.datetime):
    """The cases of `cases` that changed in (since, until]; with since None, up to `until`."""
    window = Q(history_date__lte=until) & (Q(history_date__gt=since) if since else Q())

    def case_window(name):
        bounded = Q(**{f"{name}__lte": until})
        return bounded & Q(**{f"{name}__gt": since}) if since else bounded

    return cases.filter(
        case_window("published_at")
        | case_window("updated_at")
        | Q(pk__in=_event_history().filter(window).values("case_id"))
        | Q(pk__in=_mention_history().filter(window).values("case_id"))
    )


def recently_changed(cases, limit: int = FEED_LIMIT) -> list:
    """The `limit` cases of `cases` changed most recently, each with `last_changed` set.

    Reads the top `limit` of each source of change, then ranks the union: a case in the overall
    top `limit` is necessarily in the top `limit` of the source that dated it."""
    ids = cases.order_by().values("pk")
    candidates: dict[int, list[datetime.datetime]] = {}

    def add(rows):
        for case_id, moment in rows:
            if moment is not None:
                candidates.setdefault(case_id, []).append(moment)

    add(cases.order_by("-updated_at").values_list("pk", "updated_at")[:limit])
    add(
        cases.filter(published_at__isnull=False)
        .order_by("-published_at")
        .values_list("pk", "published_at")[:limit]
    )
    for history in (_event_history(), _mention_history()):
        add(
            history.filter(case_id__in=ids)
            .values("case_id")
            .annotate(last=Max("history_date"))
            .order_by("-last")
            .values_list("case_id", "last")[:limit]
        )
    ranked = sorted(candidates.items(), key=lambda item: (max(item[1]), item[0]), reverse=True)[:limit]
    by_id = {c.pk: c for c in cases.filter(pk__in=[cid for cid, _ in ranked]).select_related("country")}
    result = []
    for case_id, moments in ranked:
        case = by_id.get(case_id)
        if case is not None:
            case.last_changed = max(moments)
            result.append(case)
    return result


@dataclass
class CaseChange:
    case: object
    is_new: bool
    events: list[TimelineEvent] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)


def describe_changes(cases, since, until, limit: int) -> tuple[list[CaseChange], int]:
    """Up to `limit` changed cases of `cases` in (since, until], with the timeline events and
    report mentions added or edited in that window; and the total number of changed cases."""
    changed = (
        changed_between(cases, since, until).select_related("country").order_by("country__name", "title")
    )
    total = changed.count()
    rows = list(changed[:limit])
    ids = [c.pk for c in rows]
    window = Q(history_date__lte=until) & (Q(history_date__gt=since) if since else Q())
    event_ids = set(_event_history().filter(window, case_id__in=ids).values_list("id", flat=True))
    events: dict[int, list[TimelineEvent]] = {}
    for event in TimelineEvent.objects.filter(pk__in=event_ids).order_by("date", "pk"):
        events.setdefault(event.case_id, []).append(event)
    mention_ids = set(_mention_history().filter(window, case_id__in=ids).values_list("id", flat=True))
    reports: dict[int, list[str]] = {}
    for mention in Mention.objects.filter(pk__in=mention_ids).select_related("report", "paragraph__report"):
        ref = mention.paragraph.reference if mention.paragraph_id else mention.report.symbol
        reports.setdefault(mention.case_id, []).append(ref)
    changes = [
        CaseChange(
            case=c,
            is_new=c.published_at is not None and (since is None or c.published_at > since),
            events=events.get(c.pk, []),
            reports=sorted(reports.get(c.pk, [])),
        )
        for c in rows
    ]
    return changes, total
