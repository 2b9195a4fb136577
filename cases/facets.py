"""Facet counts for a filtered case list, each under a time limit.

A facet that runs out of time is reported as timed out, and the page still renders: counts are
a help, never a reason to fail. Counts are computed over the same visibility-gated, filtered
queryset the list shows, so they never reveal a record the user may not see.
"""

import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from interface.countries import country_name

from . import facet_index
from .facet_index import FacetIndex
from .filters import CaseQuery, filter_cases
from .models import Case, Country, Victim

FACET_LIMIT = 30  # values shown per facet, most frequent first (selected values always shown)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    param: str
    title: str
    values: list[FacetValue] = field(default_factory=list)
    timed_out: bool = False
    truncated: bool = False


class FacetTimeout(Exception):
    pass


@contextmanager
def time_limit(milliseconds: int):
    """Abort the queries run inside after `milliseconds`, raising FacetTimeout."""
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout = %s", [int(milliseconds)])
                yield
        except DatabaseError as exc:
            if "statement timeout" in str(exc) or "canceling statement" in str(exc):
                raise FacetTimeout from exc
            raise
        return
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + milliseconds / 1000
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        yield
    except DatabaseError as exc:
        if "interrupted" in str(exc):
            raise FacetTimeout from exc
        raise
    finally:
        raw.set_progress_handler(None, 0)


_CHOICES = {
    "region": Country.Region.choices,
    "gender": Victim.Gender.choices,
    "status": Case.Status.choices,
    "perpetrator": Case.Perpetrator.choices,
}


def _label(index: FacetIndex, param: str, value: str) -> str:
    name = index.names.get(param, {}).get(value)
    if param == "country":
        return country_name(value, name or value)
    if param in ("mechanism", "type", "role"):
        return gettext(name) if name else value
    return str(dict(_CHOICES.get(param, [])).get(value, value))


def _labels(index: FacetIndex, param: str) -> dict[str, str]:
    """The labels of a facet's values in the active language, made once per data version and
    language (a page shows up to 270, each a translation or a country-name lookup)."""
    key = (get_language(), param)
    found = index.labels.get(key)
    if found is None:
        found = index.labels[key] = {
            value: _label(index, param, value) for value in index.bits.get(param, {})
        }
    return found


FACET_TITLES = {
    "country": _("Country or territory"),
    "region": _("Region"),
    "year": _("Report year"),
    "mechanism": _("UN mechanism"),
    "type": _("Reprisal type"),
    "role": _("Victim role"),
    "gender": _("Gender"),
    "status": _("Status"),
    "perpetrator": _("Alleged perpetrator"),
}


def facets_and_count(
    visible_queryset, query: CaseQuery, token: int | None = None
) -> tuple[list[Facet], int | None]:
    """The facets, and the number of matching cases when the facets were computed in time
    (None otherwise: the caller counts in the database). Both come from the same bitmaps, so
    the count always agrees with the facets shown beside it. `token`: the data version the
    request read (by default the current one)."""
    return _facets_and_count(visible_queryset, query, settings.FACET_TIME_LIMIT_MS, token)


def compute_facets(visible_queryset, query: CaseQuery, time_limit_ms: int | None = None) -> list[Facet]:
    """Counts for every facet. `visible_queryset` is the visibility-gated set *before* the
    query's filters: each facet is counted with every filter applied except its own, so the
    other values of a facet stay visible with the counts they would add (values within a
    facet are OR-ed).

    The database is asked once, under the time limit, for the cases the visibility rule and
    the search select; the facet filters and counts are then bit operations on the index."""
    limit = time_limit_ms if time_limit_ms is not None else settings.FACET_TIME_LIMIT_MS
    return _facets_and_count(visible_queryset, query, limit)[0]


def _facets_and_count(
    visible_queryset, query: CaseQuery, limit: int, token: int | None = None
) -> tuple[list[Facet], int | None]:
    index = facet_index.cache.index(visible_queryset.db, token)
    try:
        gated = _gated(index, visible_queryset, query, limit)
    except FacetTimeout:
        return [Facet(param=p, title=str(t), timed_out=True) for p, t in FACET_TITLES.items()], None
    chosen = {p: index.union(p, getattr(query, p)) for p in FACET_TITLES if getattr(query, p)}
    facets = []
    for param, title in FACET_TITLES.items():
        scope = gated
        for other, bits in chosen.items():
            if other != param:
                scope &= bits
        counted = ((value, (scope & bits).bit_count()) for value, bits in index.bits.get(param, {}).items())
        labels = _labels(index, param)
        values = [(value, labels[value], n) for value, n in counted if n]
        facets.append(_facet(param, str(title), values, {str(v) for v in getattr(query, param)}, index))
    for bits in chosen.values():
        gated &= bits
    return facets, gated.bit_count()


def _gated(index: FacetIndex, visible_queryset, query: CaseQuery, limit: int) -> int:
    """The bitmap of the visible cases matching the query's words and dates (facet filters aside); the
    time limit applies to the database query, which a cached bitmap skips (on PostgreSQL the
    limit itself costs a transaction and a SET)."""
    words_only = CaseQuery(q=query.q, date_from=query.date_from, date_to=query.date_to)
    queryset = filter_cases(visible_queryset, words_only)
    return facet_index.cache.bitmap_of(queryset, index.token, guard=lambda: time_limit(limit))


def _facet(param, title, values, selected, index) -> Facet:
    facet = Facet(param=param, title=title)
    values = sorted(values, key=lambda row: (-row[2], row[1]))
    if param == "year":
        values = sorted(values, key=lambda row: row[0], reverse=True)
    # A selected value with no match still appears (with 0), so it can be unselected.
    present = {str(v[0]) for v in values}
    values += [(v, _label(index, param, v), 0) for v in sorted(selected - present)]
    shown = values[:FACET_LIMIT] + [v for v in values[FACET_LIMIT:] if str(v[0]) in selected]
    facet.truncated = len(values) > len(shown)
    facet.values = [FacetValue(str(v), label, n, str(v) in selected) for v, label, n in shown]
    return facet
