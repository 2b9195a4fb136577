"""Headline figures and per-record counts, always over cases visible to the user."""

from django.db.models import Count, Q

from .models import Country, Mention, Report


def headline_figures(visible_cases) -> dict[str, int]:
    ids = visible_cases.order_by().values("pk")
    return {
        "cases": visible_cases.count(),
        "countries": visible_cases.order_by().values("country_id").distinct().count(),
        "reports": Mention.objects.filter(case_id__in=ids).values("report_id").distinct().count(),
    }


def countries_with_counts(visible_cases):
    """Every country, annotated with `case_count` of visible cases."""
    return Country.objects.annotate(
        case_count=Count("cases", filter=Q(cases__in=visible_cases.order_by().values("pk")))
    )


def reports_with_counts(visible_cases):
    """Every report, annotated with `case_count` of visible cases it mentions."""
    return Report.objects.annotate(
        case_count=Count(
            "mentions__case",
            distinct=True,
            filter=Q(mentions__case__in=visible_cases.order_by().values("pk")),
        )
    )
