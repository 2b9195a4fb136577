"""The import stops and asks when the cover cannot be trusted: no own symbol, or a symbol,
session and year that disagree with the catalogue. A corrigendum corrects its report."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import Paragraph, Report
from cases.reference.loader import load_reference
from ingest.models import IngestJob
from ingest.services import jobs

pytestmark = pytest.mark.django_db
LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"


def ingest(data, name):
    job = jobs.create_job(data, name, enqueue=False)
    jobs.run_job(job.pk)
    job.refresh_from_db()
    return job


def confirm(job, symbol=None):
    jobs.confirm_cover(job, symbol)
    jobs.run_job(job.pk)
    job.refresh_from_db()
    return job


def test_a_symbol_that_disagrees_with_the_catalogue_waits_for_the_curator(sample, render):
    """A 2018 report whose cover says session 39 and 2018, under a symbol the catalogue lists for
    another session and year: nothing is stored until the curator confirms."""
    load_reference()
    assert Report.objects.filter(symbol="A/HRC/57/60", session=57, year=2024).exists()
    Report.objects.filter(symbol="A/HRC/39/41").update(symbol="A/HRC/39/97", year=2019, session=42)
    job = ingest(render(sample, "pdf"), "sample.pdf")  # A/HRC/39/97, session 39, 2018
    assert job.status == IngestJob.Status.CHECK
    assert "session 42" in job.error and "in 2019" in job.error and job.cover["symbol"] == "A/HRC/39/97"
    assert (
        job.cover["session"] == 39
        and job.cover["paragraphs"] == 7
        and job.cover["symbol_source"] == "masthead"
    )
    assert not Paragraph.objects.filter(report__symbol="A/HRC/39/97").exists()
    assert job.cover["catalogue"] == {"symbol": "A/HRC/39/97", "year": 2019, "session": 42}
    job = confirm(job, "A/HRC/39/97")
    assert job.status == IngestJob.Status.DONE, job.error
    assert job.report.symbol == "A/HRC/39/97" and job.report.paragraphs.count() == 7


def test_every_cover_waits_for_the_curator_and_nothing_is_stored_before(sample, render):
    job = ingest(render(sample, "pdf"), "sample.pdf")
    assert job.status == IngestJob.Status.CHECK and job.error == ""
    assert "lists A/HRC/39/41 for session 39" in job.cover["notes"][0]
    assert job.cover["language"] == "en" and job.cover["period_start"] == "2017-06-01"
    assert not Report.objects.filter(symbol="A/HRC/39/97").exists()
    assert confirm(job).status == IngestJob.Status.DONE


def test_an_already_ingested_symbol_is_shown_side_by_side_never_overwritten(sample, render):
    first = confirm(ingest(render(sample, "pdf"), "sample.pdf"))
    again = ingest(render(sample, "html"), "sample.html")
    assert again.status == IngestJob.Status.CHECK
    stored = again.cover["stored"]
    assert stored["symbol"] == "A/HRC/39/97" and stored["paragraphs"] == 7
    assert stored["checksum"] == first.checksum != again.checksum
    again = confirm(again)
    assert again.status == IngestJob.Status.DUPLICATE and "already in the database" in again.error
    assert Report.objects.get(symbol="A/HRC/39/97").source_checksum == first.checksum


def test_no_own_symbol_stops_the_import_and_the_curator_gives_it():
    job = ingest((LAYOUTS / "citations-only-2018.txt").read_bytes(), "cited.txt")
    assert job.status == IngestJob.Status.CHECK and "symbol was not found" in job.error
    assert not Report.objects.filter(source_checksum=job.checksum).exists()
    job = confirm(job, "A/HRC/39/41")
    assert job.status == IngestJob.Status.DONE and job.report.symbol == "A/HRC/39/41"


def test_the_command_shows_the_cover_and_takes_the_confirmed_symbol(tmp_path, capsys):
    path = tmp_path / "cited.txt"
    path.write_bytes((LAYOUTS / "citations-only-2018.txt").read_bytes())
    with pytest.raises(CommandError):
        call_command("ingest_report", str(path))
    err = capsys.readouterr().err
    assert "waiting for you" in err and "session      39" in err and "--symbol" in err
    assert not Paragraph.objects.exists()
    IngestJob.objects.all().delete()
    call_command("ingest_report", str(path), "--symbol", "A/HRC/39/41")
    assert Report.objects.get(symbol="A/HRC/39/41").paragraphs.count() == 2


def test_a_corrigendum_is_recorded_on_its_report_not_as_a_new_report():
    load_reference()
    job = ingest((LAYOUTS / "corrigendum-2013.txt").read_bytes(), "corr.txt")
    assert job.status == IngestJob.Status.CHECK and job.cover["corrects"] == "A/HRC/24/29"
    job = confirm(job)
    assert job.status == IngestJob.Status.DONE, job.error
    assert job.report.symbol == "A/HRC/24/29"
    assert "For 15 May 2013 read 15 March 2013" in job.warnings
    assert not Report.objects.filter(symbol__contains="Corr").exists()


def test_a_corrigendum_of_a_report_not_in_the_database_fails_clearly():
    Report.objects.filter(symbol="A/HRC/24/29").delete()
    job = confirm(ingest((LAYOUTS / "corrigendum-2013.txt").read_bytes(), "corr.txt"))
    assert job.status == IngestJob.Status.FAILED and "Ingest A/HRC/24/29 first" in job.error
