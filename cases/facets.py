"""Facet counts for a filtered case list, each under a time limit.

A facet that runs out of time is reported as timed out, and the page still renders: counts are
a help, never a reason to fail. Counts are computed over the same visibility-gated, filtered
queryset the list shows, so they never reveal a record the user may not see.
"""

import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from interface.countries import country_name

from .filters import CaseQuery, filter_cases
from .models import Case, Country, Mention, Victim

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


def _rows(case_ids) -> dict[str, Callable]:
    """For each facet, a function returning (value, label, count) rows for these case ids."""
    through_m = Case.mechanisms.through.objects
    through_t = Case.reprisal_types.through.objects
    through_r = Victim.roles.through.objects
    cases = Case.objects.filter(pk__in=case_ids)

    def choice_rows(qs, key, choices):
        labels = dict(choices)
        return [(r[key], str(labels.get(r[key], r[key])), r["n"]) for r in qs]

    return {
        "country": lambda: [
            (
                r["country__iso2"],
                country_name(r["country__iso2"], r["country__short_name"] or r["country__name"]),
                r["n"],
            )
            for r in cases.values("country__iso2", "country__name", "country__short_name").annotate(
                n=Count("pk")
            )
        ],
        "region": lambda: choice_rows(
            cases.values("country__region").annotate(n=Count("pk")), "country__region", Country.Region.choices
        ),
        "year": lambda: [
            (str(r["report__year"]), str(r["report__year"]), r["n"])
            for r in Mention.objects.filter(case_id__in=case_ids)
            .values("report__year")
            .annotate(n=Count("case_id", distinct=True))
        ],
        "mechanism": lambda: [
            (r["mechanism__slug"], gettext(r["mechanism__name"]), r["n"])
            for r in through_m.filter(case_id__in=case_ids)
            .values("mechanism__slug", "mechanism__name")
            .annotate(n=Count("case_id"))
        ],
        "type": lambda: [
            (r["reprisaltype__slug"], gettext(r["reprisaltype__name"]), r["n"])
            for r in through_t.filter(case_id__in=case_ids)
            .values("reprisaltype__slug", "reprisaltype__name")
            .annotate(n=Count("case_id"))
        ],
        "role": lambda: [
            (r["victimrole__slug"], gettext(r["victimrole__name"]), r["n"])
            for r in through_r.filter(victim__case_id__in=case_ids)
            .values("victimrole__slug", "victimrole__name")
            .annotate(n=Count("victim__case_id", distinct=True))
        ],
        "gender": lambda: choice_rows(
            Victim.objects.filter(case_id__in=case_ids)
            .values("gender")
            .annotate(n=Count("case_id", distinct=True)),
            "gender",
            Victim.Gender.choices,
        ),
        "status": lambda: choice_rows(
            cases.values("status").annotate(n=Count("pk")), "status", Case.Status.choices
        ),
        "perpetrator": lambda: choice_rows(
            cases.values("perpetrator_kind").annotate(n=Count("pk")),
            "perpetrator_kind",
            Case.Perpetrator.choices,
        ),
    }


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


def compute_facets(visible_queryset, query: CaseQuery, time_limit_ms: int | None = None) -> list[Facet]:
    """Counts for every facet. `visible_queryset` is the visibility-gated set *before* the
    query's filters: each facet is counted with every filter applied except its own, so the
    other values of a facet stay visible with the counts they would add (values within a
    facet are OR-ed)."""
    limit = time_limit_ms if time_limit_ms is not None else settings.FACET_TIME_LIMIT_MS
    facets = []
    for param, title in FACET_TITLES.items():
        others = replace(query, **{param: []})
        case_ids = filter_cases(visible_queryset, others).order_by().values("pk")
        facet = Facet(param=param, title=str(title))
        selected = {str(v) for v in getattr(query, param)}
        try:
            with time_limit(limit):
                values = _rows(case_ids)[param]()
        except FacetTimeout:
            facet.timed_out = True
            values = []
        values = sorted(values, key=lambda row: (-row[2], row[1]))
        if param == "year":
            values = sorted(values, key=lambda row: row[0], reverse=True)
        # A selected value with no match still appears (with 0), so it can be unselected.
        present = {str(v[0]) for v in values}
        values += [(v, _label_for(param, v), 0) for v in selected - present]
        shown = values[:FACET_LIMIT] + [v for v in values[FACET_LIMIT:] if str(v[0]) in selected]
        facet.truncated = len(values) > len(shown)
        facet.values = [FacetValue(str(v), label, n, str(v) in selected) for v, label, n in shown]
        facets.append(facet)
    return facets


def _label_for(param: str, value: str) -> str:
    from .models import Mechanism, ReprisalType, VictimRole

    lookups = {
        "country": lambda: Country.objects.filter(iso2=value).first(),
        "mechanism": lambda: Mechanism.objects.filter(slug=value).first(),
        "type": lambda: ReprisalType.objects.filter(slug=value).first(),
        "role": lambda: VictimRole.objects.filter(slug=value).first(),
    }
    choices = {
        "region": Country.Region.choices,
        "gender": Victim.Gender.choices,
        "status": Case.Status.choices,
        "perpetrator": Case.Perpetrator.choices,
    }
    if param in lookups:
        found = lookups[param]()
        return str(found) if found else value
    return str(dict(choices.get(param, [])).get(value, value))
