"""/analysis/: trends, map and Council view. Every chart has a page, an SVG and a CSV at stable
addresses, and takes the case list's parameters (cases.filters.CaseQuery)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from cases.facet_index import kept_derived
from cases.filters import CaseQuery, InvalidQuery, filter_cases
from cases.models import Case

from ..analysis import caution, charts
from ..analysis.data import DIMENSIONS
from ..analysis.form import filter_fields
from .common import csv_response, private


def _ids(request):
    """The query, and the ids (a subquery) of the visible cases matching it."""
    query = CaseQuery.from_querydict(request.GET)
    cases = filter_cases(Case.objects.visible_to(request.user), query)
    return query, cases.order_by().values("pk")


# Charts kept until the data changes (a million cases take seconds to aggregate). Not the
# Council chart: it also reads the States' Council membership, which the data version does not
# follow, so it is built on every request.
NOT_KEPT = {"council"}


def _built(chart, ids):
    if chart in NOT_KEPT:
        return charts.build(chart, ids)
    return kept_derived(ids, f"analysis:{chart}:{get_language()}", lambda: charts.build(chart, ids))


def _invalid(request, exc):
    return render(request, "tracking/invalid.html", {"errors": exc.errors}, status=400)


def _context(request, query, ids):
    params = urlencode([(k, v) for k, v in query.to_params() if k != "sort"])
    years, flags = kept_derived(ids, "analysis:flags", lambda: caution.flagged_countries(ids))
    return {
        "query": query,
        "fields": filter_fields(query),
        "params": params,
        "suffix": f"?{params}" if params else "",
        "flag_years": years,
        "flags": flags,
        "flag_rule": {
            "window": caution.FLAG_WINDOW,
            "max_new": caution.FLAG_MAX_NEW,
            "min_follow_ups": caution.FLAG_MIN_FOLLOW_UPS,
        },
        "chart_links": [(slug, charts.title(slug)) for slug in charts.SLUGS],
        "dimensions": list(DIMENSIONS),
    }


@require_GET
def index(request):
    try:
        query, ids = _ids(request)
    except InvalidQuery as exc:
        return _invalid(request, exc)
    context = _context(request, query, ids)
    context["chart"] = _built("years", ids)
    return private(request, render(request, "tracking/analysis/index.html", context))


def _chart(request, chart):
    if chart not in charts.SLUGS:
        raise Http404
    query, ids = _ids(request)
    return query, ids, _built(chart, ids)


@require_GET
def chart_page(request, chart):
    try:
        query, ids, built = _chart(request, chart)
    except InvalidQuery as exc:
        return _invalid(request, exc)
    context = _context(request, query, ids)
    context["chart"] = built
    return private(request, render(request, "tracking/analysis/chart.html", context))


@require_GET
def chart_svg(request, chart):
    try:
        _query, _ids_, built = _chart(request, chart)
    except InvalidQuery as exc:
        return HttpResponse(
            "; ".join(exc.errors.values()), status=400, content_type="text/plain; charset=utf-8"
        )
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + str(built.svg)
    return private(request, HttpResponse(body, content_type="image/svg+xml; charset=utf-8"))


@require_GET
def chart_csv(request, chart):
    try:
        _query, _ids_, built = _chart(request, chart)
    except InvalidQuery as exc:
        return HttpResponse(
            "; ".join(exc.errors.values()), status=400, content_type="text/plain; charset=utf-8"
        )
    return csv_response(request, f"analysis-{chart}", built.table.csv_columns, built.table.csv_rows)
