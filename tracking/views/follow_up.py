"""The follow-up lists: cases gone silent, and cases reported again and again (HTML and CSV)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from audit.services import record_access
from cases.filters import CaseQuery, InvalidQuery, filter_cases
from cases.models import Case
from cases.tabular import absolute_url

from ..services.lists import (
    DEFAULT_MIN_REPORTS,
    MAX_MIN_REPORTS,
    InvalidParameter,
    SilentQuery,
    gone_silent,
    parse_int,
    recurring,
    report_years_by_case,
)
from ..services.status import LABELS
from .common import chunked, csv_response, private

PER_PAGE = 50


def _filtered(request):
    query = CaseQuery.from_querydict(request.GET)
    return query, filter_cases(Case.objects.visible_to(request.user), query)


def _invalid(request, errors):
    return render(request, "tracking/invalid.html", {"errors": errors}, status=400)


def _page(request, cases):
    page = Paginator(cases.select_related("country"), PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    record_access(request.user, page.object_list, "view", via=request.path)
    years = report_years_by_case(c.pk for c in page.object_list)
    for case in page.object_list:
        case.report_years = years.get(case.pk, [])
        case.derived_status_label = LABELS.get(case.derived_status, case.derived_status)
    return page


def _download(request, name: str, cases, columns, row):
    record_access(request.user, cases, "export", via=request.path)
    return csv_response(request, name, columns, _rows(cases, row))


def _rows(cases, row):
    for chunk in chunked(cases.select_related("country").iterator(chunk_size=1000), 1000):
        years = report_years_by_case(c.pk for c in chunk)
        for case in chunk:
            yield row(case, years.get(case.pk, []))


def _base(case, years):
    return [
        case.public_id,
        absolute_url(case.get_absolute_url()),
        case.title,
        case.country.iso2,
        case.country.name,
        case.derived_status,
    ]


@require_GET
def silent(request, fmt="html"):
    try:
        query, cases = _filtered(request)
        silent_query = SilentQuery.from_params(request.GET)
    except (InvalidQuery, InvalidParameter) as exc:
        return _invalid(request, exc.errors)
    cases = gone_silent(cases, silent_query)
    if fmt == "csv":
        columns = [
            "public_id",
            "url",
            "title",
            "country_iso2",
            "country",
            "status",
            "last_heard_year",
            "report_years",
        ]
        return _download(
            request, "silent", cases, columns, lambda c, years: [*_base(c, years), c.last_heard_year, years]
        )
    params = [*query.to_params(), ("years", silent_query.years)]
    if silent_query.include_closed:
        params.append(("include_closed", "1"))
    context = {
        "query": query,
        "silent": silent_query,
        "page": _page(request, cases),
        "params": urlencode(params),
        "hidden_params": [(k, v) for k, v in query.to_params() if k != "sort"],
    }
    return private(request, render(request, "tracking/silent.html", context))


@require_GET
def recurring_cases(request, fmt="html"):
    try:
        query, cases = _filtered(request)
        min_reports = parse_int(request.GET, "min_reports", DEFAULT_MIN_REPORTS, 2, MAX_MIN_REPORTS)
    except (InvalidQuery, InvalidParameter) as exc:
        return _invalid(request, exc.errors)
    cases = recurring(cases, min_reports)
    if fmt == "csv":
        columns = [
            "public_id",
            "url",
            "title",
            "country_iso2",
            "country",
            "status",
            "report_count",
            "first_report_year",
            "last_report_year",
            "report_years",
        ]
        return _download(
            request,
            "recurring",
            cases,
            columns,
            lambda c, years: [
                *_base(c, years),
                c.report_count,
                c.first_report_year,
                c.last_report_year,
                years,
            ],
        )
    context = {
        "query": query,
        "min_reports": min_reports,
        "page": _page(request, cases),
        "params": urlencode([*query.to_params(), ("min_reports", min_reports)]),
        "hidden_params": [(k, v) for k, v in query.to_params() if k != "sort"],
    }
    return private(request, render(request, "tracking/recurring.html", context))
