"""The follow-up lists, computed by the database over visibility-gated cases.

Gone silent: a case is silent for N years when nothing about it is dated after the end of the
year `this year − N` — no timeline event, no report mention (by report year), no statement
raising it, and no first-incident date. "Last heard of" is the year of its latest such
information. Cases with no dated information at all are left out (nothing can be said about
them), and so are closed cases (status resolved or killed under the status rule, see
tracking.services.status) unless asked for: their silence is expected.

Recurring: cases mentioned in at least `min_reports` distinct Secretary-General reports.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Mention

from ..models import TimelineEvent
from . import council
from .status import annotate_status, closed_q

DEFAULT_SILENT_YEARS = 3
MAX_SILENT_YEARS = 50
DEFAULT_MIN_REPORTS = 2
MAX_MIN_REPORTS = 50


class InvalidParameter(ValueError):
    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.errors = {name: message}


def parse_int(params, name: str, default: int, low: int, high: int) -> int:
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidParameter(name, _("a whole number, e.g. %(n)d") % {"n": default}) from None
    if not low <= value <= high:
        raise InvalidParameter(name, _("between %(low)d and %(high)d") % {"low": low, "high": high})
    return value


class YearOf(ExtractYear):
    """ExtractYear, without SQLite's Python date function (slow over 100,000 rows): dates are
    stored there as ISO 8601 text, so the year is the first four characters."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, 1, 4) AS INTEGER)", params


def _latest(queryset, field: str):
    """Per case (OuterRef "pk"): the largest `field`, by an index-ordered lookup."""
    return Subquery(queryset.filter(case_id=OuterRef("pk")).order_by(f"-{field}").values(field)[:1])


def annotate_last_heard(cases):
    """Adds `last_heard_year`: the year of the latest dated information (0 when none)."""
    parts = [
        Coalesce(YearOf(_latest(TimelineEvent.objects.all(), "date")), Value(0)),
        Coalesce(_latest(Mention.objects.all(), "report__year"), Value(0)),
        Coalesce(YearOf("incident_date"), Value(0)),
    ]
    statement_date = council.last_statement_date_subquery()
    if statement_date is not None:
        parts.append(Coalesce(YearOf(statement_date), Value(0)))
    return cases.annotate(last_heard_year=Greatest(*parts, output_field=IntegerField()))


def silent_q(cutoff_year: int) -> Q:
    """Nothing dated after `cutoff_year`, and something dated at all (NOT EXISTS lookups, so the
    filter costs a few index probes per case)."""
    boundary = datetime.date(cutoff_year + 1, 1, 1)
    events = TimelineEvent.objects.filter(case_id=OuterRef("pk"))
    mentions = Mention.objects.filter(case_id=OuterRef("pk"))
    quiet = (
        ~Exists(events.filter(date__gte=boundary))
        & ~Exists(mentions.filter(report__year__gt=cutoff_year))
        & (Q(incident_date__isnull=True) | Q(incident_date__lt=boundary))
    )
    known = Q(incident_date__isnull=False) | Exists(events) | Exists(mentions)
    statements = council.statements_raising_subquery()
    if statements is not None:
        quiet &= ~Exists(statements.filter(day__gte=boundary))
        known |= Exists(statements)
    return quiet & known


@dataclass
class SilentQuery:
    years: int = DEFAULT_SILENT_YEARS
    include_closed: bool = False

    @classmethod
    def from_params(cls, params) -> "SilentQuery":
        return cls(
            years=parse_int(params, "years", DEFAULT_SILENT_YEARS, 1, MAX_SILENT_YEARS),
            include_closed=params.get("include_closed") in ("1", "on", "true"),
        )

    @property
    def cutoff_year(self) -> int:
        """The last year a silent case may have been heard of."""
        return timezone.localdate().year - self.years


def gone_silent(cases, query: SilentQuery):
    """`cases` (visibility-gated, possibly filtered) that have been silent for `query.years`
    years, most recently heard of first."""
    cases = cases.order_by().filter(silent_q(query.cutoff_year))
    if not query.include_closed:
        cases = cases.exclude(closed_q())
    return annotate_status(annotate_last_heard(cases)).order_by("-last_heard_year", "title", "pk")


def recurring(cases, min_reports: int = DEFAULT_MIN_REPORTS):
    """`cases` mentioned in at least `min_reports` distinct reports, most reports first."""
    several = (
        Mention.objects.order_by()
        .values("case_id")
        .annotate(n=Count("report_id", distinct=True))
        .filter(n__gte=min_reports)
        .values("case_id")
    )
    by_case = Mention.objects.filter(case_id=OuterRef("pk")).values("case_id")
    cases = (
        cases.order_by()
        .filter(pk__in=several)
        .annotate(
            report_count=Subquery(by_case.annotate(n=Count("report_id", distinct=True)).values("n")[:1]),
            first_report_year=Subquery(by_case.annotate(y=Min("report__year")).values("y")[:1]),
            last_report_year=Subquery(by_case.annotate(y=Max("report__year")).values("y")[:1]),
        )
    )
    return annotate_status(cases).order_by("-report_count", "-last_report_year", "title", "pk")


def report_years_by_case(case_ids) -> dict[int, list[int]]:
    """For a page of cases: the years of the reports that mention each."""
    years: dict[int, set[int]] = {}
    for case_id, year in (
        Mention.objects.filter(case_id__in=list(case_ids)).values_list("case_id", "report__year").distinct()
    ):
        years.setdefault(case_id, set()).add(year)
    return {cid: sorted(ys) for cid, ys in years.items()}
