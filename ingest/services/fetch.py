"""A report fetched by its symbol from the UN Official Document System (ODS).

    name, data = fetch("A/HRC/45/36", "en")      # then jobs.create_job(data, name, …)

The address is the setting INGEST_ODS_URL, a template with {symbol} and {language} (by default
ODS's symbol-access address, which answers with the PDF of that symbol in that language). The
download is cut at INGEST_MAX_BYTES, stopped after INGEST_FETCH_TIMEOUT seconds, and must be a
PDF (by its content type or its first bytes); every failure says which it was. The curator then
confirms the cover as for an uploaded file.
"""

import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from . import cover
from .errors import FileTooLarge, IngestError

DEFAULT_URL = "https://documents.un.org/api/symbol/access?s={symbol}&l={language}&t=pdf"
LANGUAGES = {"en", "fr", "es", "ar", "zh", "ru"}


class FetchError(IngestError):
    code = "fetch"


def address(symbol: str, language: str = "en") -> str:
    template = getattr(settings, "INGEST_ODS_URL", "") or DEFAULT_URL
    return template.format(symbol=urllib.parse.quote(symbol, safe="/"), language=language)


def fetch(symbol: str, language: str = "en") -> tuple[str, bytes]:
    """(file name, PDF bytes) of the report with this symbol, or FetchError saying why not."""
    symbol = symbol.strip()
    if not cover.symbol_pattern().fullmatch(symbol):
        raise FetchError(
            f"{symbol!r} is not the symbol of a Human Rights Council document (such as A/HRC/45/36)."
        )
    if language not in LANGUAGES:
        raise FetchError(f"Unknown language {language!r}: one of {', '.join(sorted(LANGUAGES))}.")
    from .jobs import max_bytes

    url = address(symbol, language)
    limit = max_bytes()
    timeout = float(getattr(settings, "INGEST_FETCH_TIMEOUT", 30))
    if not url.startswith(("https://", "http://")):
        raise FetchError("The setting INGEST_ODS_URL must be an http(s) address.")
    request = urllib.request.Request(url, headers={"User-Agent": "EndReprisals report ingestion"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - an https setting
            content_type = response.headers.get_content_type()
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FileTooLarge(_too_large(symbol, int(declared), limit))
            data = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise FetchError(
                f"{symbol} was not found in the Official Document System ({language}): check the symbol "
                "and the language."
            ) from exc
        raise FetchError(
            f"The Official Document System answered {exc.code} for {symbol}; try again later."
        ) from exc
    except TimeoutError as exc:
        raise FetchError(
            f"The Official Document System did not answer within {timeout:.0f} seconds."
        ) from exc
    except urllib.error.URLError as exc:
        raise FetchError(
            f"The Official Document System could not be reached ({exc.reason}): is this server connected "
            "to the internet? You can download the PDF yourself and upload it."
        ) from exc
    if len(data) > limit:
        raise FileTooLarge(_too_large(symbol, len(data), limit))
    if content_type != "application/pdf" and not data.startswith(b"%PDF-"):
        raise FetchError(
            f"The Official Document System answered with {content_type}, not a PDF, for {symbol}: the "
            "symbol may not exist in that language, or ODS showed a page instead of the file."
        )
    return f"{symbol.replace('/', '_')}_{language}.pdf", data


def _too_large(symbol: str, size: int, limit: int) -> str:
    return (
        f"The file of {symbol} is larger than the limit of {limit / 1048576:.0f} MB (setting INGEST_MAX_BYTES); "
        f"{size / 1048576:.1f} MB or more."
    )


def catalogue_to_fetch() -> list[str]:
    """Every catalogued report not yet ingested (no paragraphs, no source file), oldest first."""
    from cases.models import Report

    rows = Report.objects.filter(is_demo=False, source_checksum__isnull=True, paragraphs__isnull=True)
    return list(rows.order_by("year", "session", "symbol").values_list("symbol", flat=True).distinct())
