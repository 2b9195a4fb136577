"""The case cards of every case list (the search results, the home page, a country's page).

A card is built in Python rather than by a template included once per case: the template
engine's cost per node made 25 cards two thirds of a list page's rendering. Labels,
translations, date formats and URL prefixes are looked up once per list, not once per card
(Django's get_FOO_display, reverse() and gettext each cost more than the card's markup).

Cards are kept per data version, language and case in process memory (like the API's
representations), so a warm list page reads no case rows at all: its ids come from the
visibility-gated queryset (cached per version too), and each id's card is served only for
that id. Every value from the database is escaped with the standard library's html.escape;
the snippet of a search is the only markup let in, from cases.search.query.snippets, which
escapes the text and adds only <mark>."""

from dataclasses import dataclass
from html import escape

from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from . import facet_index
from .models import Case
from .visibility import Visibility

SUMMARY_WORDS = 40
# The date filter's format for each precision of an incident date.
_DATE_FORMATS = {"year": "Y", "month": "YEAR_MONTH_FORMAT"}
_ID = "0placeholder0"  # stands for an id in a reversed URL (public ids and ISO codes have no "0")


def url_maker(name: str):
    """`reverse(name, args=[value])` for many values at the cost of one reverse()."""
    pattern = reverse(name, args=[_ID])
    return lambda value: pattern.replace(_ID, value)


@dataclass(frozen=True)
class Card:
    """One case's list item, in pieces around its text (a search's snippet replaces the
    summary). pk, public_id and visibility are what the access record needs."""

    pk: int
    public_id: str
    visibility: str
    head: str
    lang: str
    summary: str
    tail: str

    def html(self, snippet: str = "") -> str:
        if snippet:
            if not isinstance(snippet, SafeString):
                snippet = escape(snippet)
            text = f'<p class="snippet" dir="auto"{self.lang}>{snippet}</p>'
        else:
            text = f'<p dir="auto"{self.lang}>{self.summary}</p>' if self.summary else ""
        return f"{self.head}{text}{self.tail}"


def with_card_related(queryset):
    """What a card shows, in two queries, without the search columns (the widest, which a
    card never shows)."""
    return queryset.select_related("country").prefetch_related("reprisal_types").defer(*Case.SEARCH_FIELDS)


def cards_for(queryset, token: int) -> list[Card]:
    """The cards of an ordered (usually sliced) visibility-gated queryset of cases, in its
    order. `token`: the data version the request read."""

    def build(rows) -> dict[int, Card]:
        builder = _Cards()
        return {case.pk: builder.card(case) for case in with_card_related(rows)}

    return facet_index.kept_for(queryset, token, f"card:{get_language()}", build)


class _Cards:
    """What the cards of one list share, looked up in the active language on first use."""

    def __init__(self):
        self.case_url = url_maker("cases:detail")
        self.country_url = url_maker("cases:country")
        self.status = {value: escape(str(label)) for value, label in Case.Status.choices}
        self.visibility = {value: escape(str(label)) for value, label in Visibility.choices}
        self.demo = f'<span class="badge badge-demo">{escape(gettext("demo"))}</span>'
        self.types_label = escape(gettext("Reprisal types"))
        self.date_formats, self.countries, self.types = {}, {}, {}

    def country(self, country) -> str:
        if country.pk not in self.countries:
            url = escape(self.country_url(country.iso2.lower()))  # as Country.get_absolute_url
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

    def card(self, case) -> Card:
        lang = f' lang="{escape(case.language)}"' if case.language else ""
        url = escape(self.case_url(case.public_id))
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
        summary = ""
        if case.summary:
            summary = escape(Truncator(case.summary).words(SUMMARY_WORDS, truncate=" …"))
        return Card(
            pk=case.pk,
            public_id=case.public_id,
            visibility=case.visibility,
            head=(
                f'<li class="case-card">\n  <h3 dir="auto"{lang}><a href="{url}">{escape(case.title)}</a></h3>\n'
                f'  <p class="meta">{" · ".join(meta)}</p>\n  '
            ),
            lang=lang,
            summary=summary,
            tail=f"\n  {types}\n</li>",
        )
