"""Downloads of every list: cases (with the case list's parameters), countries and reports, as
CSV or JSON. Rows are defined once, in cases.tabular.

- Every download starts from `Case.objects.visible_to(request.user)`: it holds exactly what the
  user could see on the site, and counts only count visible cases.
- Responses stream, so memory stays flat; cases are read in chunks with their relations
  prefetched. At most settings.EXPORT_MAX_ROWS cases are written; when the list is longer the
  download is cut and says so (JSON "truncated": true, header X-Export-Truncated: true).
- CSV is UTF-8 with a byte-order mark, so Excel opens it with the right encoding; the importer
  and most CSV readers (Python's "utf-8-sig", LibreOffice, pandas) skip the mark. Cells that a
  spreadsheet would run as a formula get a leading apostrophe (see cases.tabular.csv_cell).
- JSON is `{"results": [...], "count": N, "truncated": false}`. `count` is written after the
  rows, so it is always the number of rows in the file; key order carries no meaning.
"""

import csv
import io
import json

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.services import record_access

from .. import tabular
from ..filters import CaseQuery, InvalidQuery, search_cases
from ..models import Case

FORMATS = ("csv", "json")
_BATCH = 200  # rows per streamed piece
_BOM = "\ufeff"


def _filename(kind: str, fmt: str) -> str:
    return f"endreprisals-{kind}-{timezone.now().date().isoformat()}.{fmt}"


def _csv_stream(columns, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(_BOM)
    writer.writerow(columns)
    for n, row in enumerate(rows, start=1):
        writer.writerow(tabular.csv_cells(row, columns))
        if n % _BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_stream(rows, truncated: bool):
    count = 0
    pieces = ['{"results": [']
    for row in rows:
        pieces.append(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
        count += 1
        if count % _BATCH == 0:
            yield "".join(pieces)
            pieces = []
    pieces.append(f'\n], "count": {count}, "truncated": {json.dumps(truncated)}}}\n')
    yield "".join(pieces)


def _download(request, kind: str, fmt: str, columns, rows, truncated: bool = False):
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_stream(columns, rows), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(
            _json_stream(rows, truncated), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{_filename(kind, fmt)}"'
    response["X-Export-Truncated"] = "true" if truncated else "false"
    if request.user.is_authenticated:
        # The content depends on who asks: no shared cache may keep it.
        patch_cache_control(response, private=True, no_store=True)
    return response


def _invalid(fmt: str, exc: InvalidQuery):
    message = _("The download parameters are not valid.")
    if fmt == "json":
        return JsonResponse(
            {"error": {"code": "invalid_query", "message": message, "details": exc.errors}}, status=400
        )
    lines = [message, *(f"{name}: {error}" for name, error in exc.errors.items())]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8", status=400)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404


@require_GET
def export_cases(request, fmt: str):
    """The case list as a file: same parameters, same order, same visibility as /cases/.
    `?format=uwazi` (CSV only) writes the public cases in Uwazi's import format (uwazi.exporter)."""
    _check_format(fmt)
    try:
        query = CaseQuery.from_querydict(request.GET)
    except InvalidQuery as exc:
        return _invalid(fmt, exc)
    if fmt == "csv" and request.GET.get("format") == "uwazi":
        return _uwazi_download(query)
    results = search_cases(Case.objects.visible_to(request.user), query)
    limit = settings.EXPORT_MAX_ROWS
    truncated = results.order_by()[limit : limit + 1].exists()
    record_access(request.user, results[:limit], "export", via=request.path)
    rows = tabular.case_rows(results[:limit])
    return _download(request, "cases", fmt, tabular.CASE_COLUMNS, rows, truncated)


def _uwazi_download(query):
    """Public cases only, whoever asks: the file is meant for other organisations' libraries."""
    from uwazi.exporter import prefetched, uwazi_stream

    limit = settings.EXPORT_MAX_ROWS
    results = search_cases(Case.objects.visible_to(AnonymousUser()), query)
    response = StreamingHttpResponse(
        uwazi_stream(prefetched(results)[:limit]), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("cases-uwazi", "csv")}"'
    return response


@require_GET
def export_countries(request, fmt: str):
    """Every country and territory, with the number of cases the user can see."""
    _check_format(fmt)
    rows = tabular.country_rows(Case.objects.visible_to(request.user))
    return _download(request, "countries", fmt, tabular.COUNTRY_COLUMNS, rows)


@require_GET
def export_reports(request, fmt: str):
    """Every report, with the number of cases the user can see that it mentions."""
    _check_format(fmt)
    rows = tabular.report_rows(Case.objects.visible_to(request.user))
    return _download(request, "reports", fmt, tabular.REPORT_COLUMNS, rows)
