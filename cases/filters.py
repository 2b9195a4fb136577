"""The case-list query language shared by the HTML list, the CSV/JSON downloads and the API.

Parameters (all optional, facet parameters repeatable; values within one facet are OR-ed,
different facets AND-ed):

    q           full-text search (cases/search/syntax.py: OR, "phrases", -word, name:, country:)
    country     ISO 3166-1 alpha-2 code (e.g. NI)
    region      UN region (Africa, Americas, Asia, Europe, Oceania)
    year        year of a report that mentions the case
    mechanism   mechanism identifier (e.g. cedaw)
    type        reprisal type identifier (e.g. travel-ban)
    role        victim role identifier (e.g. journalist)
    gender      victim gender (female, male, other, unknown)
    status      ongoing, resolved, unknown
    perpetrator state, non_state, both, unknown
    from, to    first incident on or after / on or before a date: 2020-03-15, 2020-03 or 2020
                (a month or a year stands for its first day in `from`, its last in `to`)
    sort        relevance, date, -date, title, country, -updated
    view        cards (default) or table: how the HTML list shows its page
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field, fields

from django.db.models import F
from django.http import QueryDict
from django.utils.translation import gettext as _

from .models import Case, Country, Mention, Victim
from .search.query import SearchSyntaxError, apply_search, validate

MAX_VALUES_PER_FACET = 50
YEAR = re.compile(r"[12][0-9]{3}", re.ASCII)
PARTIAL_DATE = re.compile(r"([12][0-9]{3})(?:-([01][0-9])(?:-([0-3][0-9]))?)?", re.ASCII)
VIEWS = ("cards", "table")
PARAM_OF = {"date_from": "from", "date_to": "to"}  # field -> URL parameter, where they differ


def parse_bound(text: str, *, end: bool) -> datetime.date:
    """2020-03-15, 2020-03 or 2020 as a date: the first day of the month or year for a lower
    bound, the last for an upper one. Raises ValueError."""
    match = PARTIAL_DATE.fullmatch(text)
    if not match:
        raise ValueError(text)
    year, month, day = int(match[1]), match[2], match[3]
    if month is None:
        return datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)
    month = int(month)
    if day is None:
        return datetime.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return datetime.date(year, month, int(day))


SORTS = {
    "relevance": None,  # by search rank; falls back to -date without a query
    "-date": [F("incident_date").desc(nulls_last=True), "title"],
    "date": [F("incident_date").asc(nulls_last=True), "title"],
    "title": ["title"],
    "country": ["country__name", "title"],
    "-updated": ["-updated_at"],
}


class InvalidQuery(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class CaseQuery:
    q: str = ""
    country: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    mechanism: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    role: list[str] = field(default_factory=list)
    gender: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    perpetrator: list[str] = field(default_factory=list)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = ""
    view: str = ""

    FACET_PARAMS = (
        "country",
        "region",
        "year",
        "mechanism",
        "type",
        "role",
        "gender",
        "status",
        "perpetrator",
    )

    @classmethod
    def from_querydict(cls, params: QueryDict | dict) -> "CaseQuery":
        """Parse and validate; raises InvalidQuery naming each bad parameter."""
        getlist = params.getlist if hasattr(params, "getlist") else lambda k: _as_list(params.get(k))
        errors: dict[str, str] = {}
        query = cls(q=(getlist("q") or [""])[-1].strip()[:500], sort=(getlist("sort") or [""])[-1].strip())
        choices = {
            "region": set(Country.Region.values),
            "gender": set(Victim.Gender.values),
            "status": set(Case.Status.values),
            "perpetrator": set(Case.Perpetrator.values),
        }
        for name in cls.FACET_PARAMS:
            raw = [v.strip() for v in getlist(name) if v and v.strip()]
            if len(raw) > MAX_VALUES_PER_FACET:
                errors[name] = _("at most %(n)d values") % {"n": MAX_VALUES_PER_FACET}
                continue
            if name == "year":
                if not all(YEAR.fullmatch(v) for v in raw):
                    errors[name] = _("years are four-digit numbers, e.g. 2020")
                    continue
                values = [int(v) for v in raw]
            elif name == "country":
                values = [v.upper() for v in raw]
            else:
                values = raw
            allowed = choices.get(name)
            bad = [v for v in values if allowed is not None and v not in allowed]
            if bad:
                errors[name] = _("unknown value %(value)s; expected one of: %(choices)s") % {
                    "value": ", ".join(map(str, bad)),
                    "choices": ", ".join(sorted(allowed)),
                }
                continue
            setattr(query, name, list(dict.fromkeys(values)))
        for name, param, end in (("date_from", "from", False), ("date_to", "to", True)):
            raw = (getlist(param) or [""])[-1].strip()
            if raw:
                try:
                    setattr(query, name, parse_bound(raw, end=end))
                except ValueError:
                    errors[param] = _("a date such as 2020-03-15, 2020-03 or 2020")
        if query.date_from and query.date_to and query.date_from > query.date_to:
            errors["to"] = _("the end of the period is before its start")
        view = (getlist("view") or [""])[-1].strip()
        if view and view not in VIEWS:
            errors["view"] = _("unknown view; expected one of: %(choices)s") % {"choices": ", ".join(VIEWS)}
        query.view = "" if view == "cards" else view
        try:
            validate(query.q)
        except SearchSyntaxError as exc:
            errors["q"] = str(exc)
        if query.sort and query.sort not in SORTS:
            errors["sort"] = _("unknown sort; expected one of: %(choices)s") % {"choices": ", ".join(SORTS)}
        if errors:
            raise InvalidQuery(errors)
        return query

    @classmethod
    def param_names(cls) -> list[str]:
        """The URL parameters, in the order to_params() writes them."""
        return [PARAM_OF.get(f.name, f.name) for f in fields(cls)]

    def is_filtered(self) -> bool:
        return bool(
            self.q or self.date_from or self.date_to or any(getattr(self, n) for n in self.FACET_PARAMS)
        )

    def effective_sort(self) -> str:
        if self.sort and not (self.sort == "relevance" and not self.q):
            return self.sort
        return "relevance" if self.q else "-date"

    def to_params(self, **changes) -> list[tuple[str, str]]:
        """The query as URL parameters (for links, pagination and downloads)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        pairs = []
        for name, value in values.items():
            name = PARAM_OF.get(name, name)
            for item in value if isinstance(value, list) else [value]:
                if item not in ("", None):
                    pairs.append((name, str(item)))
        return pairs

    def toggled(self, name: str, value) -> list[tuple[str, str]]:
        """Parameters with one facet value added, or removed if present (page reset)."""
        current = list(getattr(self, name))
        value = int(value) if name == "year" else value
        current = [v for v in current if v != value] if value in current else [*current, value]
        return self.to_params(**{name: current})


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def filter_cases(queryset, query: CaseQuery, *, ranked: bool = False):
    """Apply the facet filters and full-text search to an already visibility-gated queryset;
    `ranked` annotates the search's relevance (`rank`), for ordering by it."""
    if query.country:
        queryset = queryset.filter(country__iso2__in=query.country)
    if query.region:
        queryset = queryset.filter(country__region__in=query.region)
    if query.status:
        queryset = queryset.filter(status__in=query.status)
    if query.perpetrator:
        queryset = queryset.filter(perpetrator_kind__in=query.perpetrator)
    if query.year:
        queryset = queryset.filter(
            pk__in=Mention.objects.filter(report__year__in=query.year).values("case_id")
        )
    if query.mechanism:
        through = Case.mechanisms.through.objects
        queryset = queryset.filter(
            pk__in=through.filter(mechanism__slug__in=query.mechanism).values("case_id")
        )
    if query.type:
        through = Case.reprisal_types.through.objects
        queryset = queryset.filter(pk__in=through.filter(reprisaltype__slug__in=query.type).values("case_id"))
    if query.role:
        through = Victim.roles.through.objects
        queryset = queryset.filter(
            pk__in=through.filter(victimrole__slug__in=query.role).values("victim__case_id")
        )
    if query.gender:
        queryset = queryset.filter(pk__in=Victim.objects.filter(gender__in=query.gender).values("case_id"))
    if query.date_from:
        queryset = queryset.filter(incident_date__gte=query.date_from)
    if query.date_to:
        queryset = queryset.filter(incident_date__lte=query.date_to)
    if query.q:
        queryset = apply_search(queryset, query.q, ranked=ranked)
    return queryset


def order_cases(queryset, query: CaseQuery):
    sort = query.effective_sort()
    if sort == "relevance" and "rank" in queryset.query.annotations:
        return queryset.order_by(F("rank").desc(nulls_last=True), "pk")
    return queryset.order_by(*(SORTS.get(sort) or SORTS["-date"]), "pk")


def search_cases(queryset, query: CaseQuery):
    ranked = query.effective_sort() == "relevance"
    return order_cases(filter_cases(queryset, query, ranked=ranked), query)
