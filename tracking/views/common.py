"""Helpers shared by the tracking views: the case list's parameters and CSV responses."""

import csv
import io
from itertools import islice

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from cases.tabular import csv_cell

_BOM = "\ufeff"


def csv_response(request, name: str, columns, rows) -> StreamingHttpResponse:
    """A streamed UTF-8 CSV (with BOM, formula-safe cells, as the case downloads)."""

    def stream():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write(_BOM)
        writer.writerow(columns)
        for n, row in enumerate(rows, 1):
            writer.writerow([csv_cell(v) for v in row])
            if n % 500 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    filename = f"endreprisals-{name}-{timezone.now().date().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    private(request, response)
    return response


def private(request, response):
    """Content that depends on who asks must not be kept by a shared cache."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    return response


def chunked(iterable, size: int):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk
