"""The case cards of every case list (the search results, the home page, a country's page).

Built in Python rather than by a template included once per case: the template engine's cost
per node made 25 cards two thirds of a list page's rendering. Labels, translations, date
formats and URL prefixes are looked up once per list, not once per card (Django's
get_FOO_display, reverse() and gettext each cost more than the card's markup).

Every value from the database is escaped with the standard library's html.escape; the snippet
is the only markup let through, and it comes from cases.search.query.snippets, which escapes
the text and adds only <mark>."""

from html import escape

from django import template
from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from ..models import Case
from ..visibility import Visibility

register = template.Library()

SUMMARY_WORDS = 40
# The date filter's format for each precision of an incident date.
_DATE_FORMATS = {"year": "Y", "month": "YEAR_MONTH_FORMAT"}
_ID = "0placeholder0"  # stands for an id in a reversed URL (public ids and ISO codes have no "0")


class _Cards:
    """What the cards of one list share, looked up in the active language on first use."""

    def __init__(self):
        self.case_url = reverse("cases:detail", args=[_ID])
        self.country_url = reverse("cases:country", args=[_ID])
        self.status = {value: escape(str(label)) for value, label in Case.Status.choices}
        self.visibility = {value: escape(str(label)) for value, label in Visibility.choices}
        self.demo = f'<span class="badge badge-demo">{escape(gettext("demo"))}</span>'
        self.types_label = escape(gettext("Reprisal types"))
        self.date_formats, self.countries, self.types = {}, {}, {}

    def country(self, country) -> str:
        if country.pk not in self.countries:
            url = escape(self.country_url.replace(_ID, country.iso2.lower()))  # as Country.get_absolute_url
            name = escape(country.local_name)
            self.countries[country.pk] = f'<a href="{url}">{name}</a>'
        return self.countries[country.pk]

    def type_label(self, reprisal_type) -> str:
        if reprisal_type.pk not in self.types:
            self.types[reprisal_type.pk] = f"<li>{escape(reprisal_type.label)}</li>"
        return self.types[reprisal_type.pk]

    def date(self, case) -> str:
        name = _DATE_FORMATS.get(case.incident_date_precision, "DATE_FORMAT")
        if name not in self.date_formats:
            self.date_formats[name] = get_format(name)
        shown = dateformat.format(case.incident_date, self.date_formats[name])
        return f'<time datetime="{case.incident_date.isoformat()}">{escape(shown)}</time>'

    def card(self, case) -> str:
        lang = f' lang="{escape(case.language)}"' if case.language else ""
        url = escape(self.case_url.replace(_ID, case.public_id))
        meta = [self.country(case.country)]
        if case.incident_date:
            meta.append(self.date(case))
        meta.append(
            f'<span class="status status-{escape(case.status)}">{self.status.get(case.status, "")}</span>'
        )
        if case.visibility != Visibility.PUBLIC:
            label = self.visibility.get(case.visibility, "")
            meta.append(f'<span class="badge badge-{escape(case.visibility)}">{label}</span>')
        if case.is_demo:
            meta.append(self.demo)
        types = "".join(self.type_label(t) for t in case.reprisal_types.all())
        if types:
            types = f'<ul class="tags" aria-label="{self.types_label}">{types}</ul>'
        return (
            f'<li class="case-card">\n  <h3 dir="auto"{lang}><a href="{url}">{escape(case.title)}</a></h3>\n'
            f'  <p class="meta">{" · ".join(meta)}</p>\n  {_text(case, lang)}\n  {types}\n</li>'
        )


def _text(case, lang: str) -> str:
    """The snippet of a search, or else the start of the summary."""
    snippet = getattr(case, "snippet", "")
    if snippet:
        if not isinstance(snippet, SafeString):
            snippet = escape(snippet)
        return f'<p class="snippet" dir="auto"{lang}>{snippet}</p>'
    if case.summary:
        summary = Truncator(case.summary).words(SUMMARY_WORDS, truncate=" …")
        return f'<p dir="auto"{lang}>{escape(summary)}</p>'
    return ""


@register.simple_tag
def case_cards(cases):
    """The cases as list items: title, country, date, status, badges, text and reprisal
    types. A search sets `case.snippet` (highlighted safe HTML) on each case before."""
    cards = _Cards()
    # Built from escaped values, constants and the escaped snippet.
    return mark_safe("\n".join(cards.card(case) for case in cases))  # noqa: S308
