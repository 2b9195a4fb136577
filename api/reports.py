"""/reports: the Secretary-General's reports, and one report with its paragraphs."""

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema

from audit.services import record_access
from cases.models import Case, Mention, Paragraph, Report

from .common import Pagination, absolute, paginate, section_order, visible_case_count
from .schemas import ErrorOut, ReportDetailOut, ReportPage

router = Router(tags=["reports"])


class ReportFilters(Schema):
    year: list[int] = Field([], description="Year of the report, e.g. 2020 (repeatable).")


def _reports(request):
    return Report.objects.annotate(case_count=visible_case_count(request.user, "mentions__report"))


def report_dict(report: Report) -> dict:
    return {
        "symbol": report.symbol,
        "year": report.year,
        "session": report.session,
        "title": report.title,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "published_on": report.published_on,
        "source_url": report.source_url or None,
        "is_demo": report.is_demo,
        "case_count": report.case_count,
        "url": absolute(report.get_absolute_url()),
    }


@router.get(
    "",
    response={200: ReportPage, 400: ErrorOut},
    url_name="reports_list",
    operation_id="reports_list",
    summary="List reports",
)
def list_reports(request, filters: Query[ReportFilters], page: Query[Pagination]):
    """Reports, most recent first, with `case_count`: cases the caller may see that they mention."""
    reports = _reports(request)
    if filters.year:
        reports = reports.filter(year__in=filters.year)
    return paginate(request, reports.order_by("-year", "symbol"), page, report_dict)


@router.get(
    "/{path:symbol}",
    response={200: ReportDetailOut, 404: ErrorOut},
    url_name="reports_detail",
    operation_id="reports_detail",
    summary="One report with its paragraphs",
)
def get_report(request, symbol: str = Path(..., description="UN symbol with its slashes, e.g. A/HRC/45/36.")):
    """A report by its UN symbol (e.g. A/HRC/45/36; the slashes stay as they are), with its
    paragraphs and, for each, the public ids of the cases the caller may see that it describes."""
    report = _reports(request).filter(symbol=symbol).first()
    if report is None:
        raise Http404
    mentions = (
        Mention.objects.visible_to(request.user)
        .filter(report=report)
        .order_by("case__title", "case__public_id")
        .values_list("paragraph_id", "case__public_id")
    )
    by_paragraph: dict[int | None, list[str]] = {}
    every_case: dict[str, None] = {}
    for paragraph_id, public_id in mentions:
        by_paragraph.setdefault(paragraph_id, []).append(public_id)
        every_case[public_id] = None
    paragraphs = (
        Paragraph.objects.filter(report=report)
        .select_related("country")
        .order_by(section_order("section"), "number")
    )
    if every_case:
        named = Case.objects.visible_to(request.user).filter(public_id__in=list(every_case))
        record_access(request.user, named, "view", via=request.path)
    body = report_dict(report)
    body["cases"] = list(every_case)
    body["paragraphs"] = []
    for paragraph in paragraphs:
        paragraph.report = report
        body["paragraphs"].append(
            {
                "section": paragraph.section,
                "number": paragraph.number,
                "reference": paragraph.reference,
                "country_heading": paragraph.country_heading or None,
                "country": paragraph.country.iso2 if paragraph.country_id else None,
                "text": paragraph.text,
                "url": absolute(paragraph.get_absolute_url()),
                "cases": by_paragraph.get(paragraph.id, []),
            }
        )
    return body
