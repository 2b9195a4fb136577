"""Fetching a report by symbol, against a local HTTP server standing in for the Official Document
System (no test reaches the internet)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cases.models import Report
from ingest.models import IngestJob
from ingest.services import fetch
from ingest.services.errors import FileTooLarge

pytestmark = pytest.mark.django_db


@pytest.fixture
def ods(settings, sample, render):
    """A local server: A/HRC/39/97 is a PDF, A/HRC/39/98 an HTML page, A/HRC/39/99 huge,
    anything else 404; it records the requests it answered."""
    pdf = render(sample, "pdf")
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            query = parse_qs(urlparse(self.path).query)
            symbol, language = query["s"][0], query["l"][0]
            seen.append((symbol, language))
            if symbol == "A/HRC/39/97":
                self._send(200, "application/pdf", pdf)
            elif symbol == "A/HRC/39/98":
                self._send(200, "text/html", b"<html><body>Document not available</body></html>")
            elif symbol == "A/HRC/39/99":
                self._send(200, "application/pdf", b"%PDF-1.7\n" + b"0" * 4096)
            else:
                self._send(404, "text/html", b"not found")

        def _send(self, status, content_type, body):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.INGEST_ODS_URL = (
        f"http://127.0.0.1:{server.server_port}/api/symbol/access?s={{symbol}}&l={{language}}&t=pdf"
    )
    settings.INGEST_FETCH_TIMEOUT = 5
    yield seen
    server.shutdown()
    server.server_close()


def test_a_report_is_fetched_by_symbol_and_language(ods):
    name, data = fetch.fetch("A/HRC/39/97", "fr")
    assert name == "A_HRC_39_97_fr.pdf" and data.startswith(b"%PDF-")
    assert ods == [("A/HRC/39/97", "fr")]


@pytest.mark.parametrize(
    "symbol, error, message",
    [
        ("A/HRC/39/10", fetch.FetchError, "was not found in the Official Document System"),
        ("A/HRC/39/98", fetch.FetchError, "text/html, not a PDF"),
        ("A/HRC/39/99", FileTooLarge, "larger than the limit"),
        ("E/CN.4/2005/1", fetch.FetchError, "not the symbol of a Human Rights Council document"),
    ],
)
def test_each_failure_says_what_it_was(ods, settings, symbol, error, message):
    settings.INGEST_MAX_BYTES = 2048
    with pytest.raises(error, match=message):
        fetch.fetch(symbol)


def test_no_network_is_a_clear_error(settings):
    settings.INGEST_ODS_URL = "http://127.0.0.1:9/api?s={symbol}&l={language}"  # nothing listens there
    with pytest.raises(fetch.FetchError, match="could not be reached"):
        fetch.fetch("A/HRC/39/97")


def test_the_command_fetches_then_waits_for_the_cover_confirmation(ods, capsys):
    with pytest.raises(CommandError):
        call_command("fetch_report", "A/HRC/39/97")
    assert "waiting for you" in capsys.readouterr().err
    IngestJob.objects.all().delete()
    call_command("fetch_report", "A/HRC/39/97", "--yes")
    assert Report.objects.get(symbol="A/HRC/39/97").paragraphs.count() == 7


def test_the_catalogue_option_fetches_every_report_not_yet_ingested_oldest_first(ods, capsys):
    Report.objects.filter(is_demo=False).delete()
    for symbol, year in [("A/HRC/39/10", 2018), ("A/HRC/27/38", 2014)]:
        Report.objects.create(symbol=symbol, year=year, session=int(symbol.split("/")[2]), title="t")
    assert fetch.catalogue_to_fetch() == ["A/HRC/27/38", "A/HRC/39/10"]
    with pytest.raises(CommandError, match="2 of 2"):
        call_command("fetch_report", "--catalogue")
    assert [s for s, _ in ods] == ["A/HRC/27/38", "A/HRC/39/10"]


def test_the_upload_page_fetches_by_symbol(ods, client, curator):
    client.force_login(curator)
    response = client.post(reverse("ingest:upload"), {"symbol": "A/HRC/39/97"})
    job = IngestJob.objects.get()
    assert response.status_code == 302 and job.filename == "A_HRC_39_97_en.pdf"
    response = client.post(reverse("ingest:upload"), {"symbol": "A/HRC/39/10"})
    assert response.status_code == 400 and "was not found" in response.content.decode()
    response = client.post(reverse("ingest:upload"), {})
    assert response.status_code == 400 and "give a symbol" in response.content.decode()
