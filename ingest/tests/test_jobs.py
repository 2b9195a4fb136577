"""Storing a report: paragraphs, candidates with provenance, links; duplicates and failures leave
nothing behind."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import Case, Paragraph, Report
from ingest.models import CandidateCase, CandidateLink, ExtractedSpan, IngestJob
from ingest.services import jobs
from ingest.services.errors import DuplicateReport, FileTooLarge, UnsupportedType

from .conftest import build
from .test_segment import NOT_A_REPORT

pytestmark = pytest.mark.django_db


def ingest(data, name="report.pdf", confirm=True):
    """Upload, read, and (as the curator would after checking the cover) confirm and store."""
    job = jobs.create_job(data, name, enqueue=False)
    status = jobs.run_job(job.pk)
    job.refresh_from_db()
    if confirm and status == IngestJob.Status.CHECK:
        jobs.confirm_cover(job)
        status = jobs.run_job(job.pk)
        job.refresh_from_db()
    assert job.status == status
    return job


def read_and_confirm(job):
    """The first run reads the file and waits for the curator, who confirms the symbol read."""
    assert jobs.run_job(job.pk) == IngestJob.Status.CHECK
    job.refresh_from_db()
    assert not Report.objects.filter(source_checksum=job.checksum).exists()
    jobs.confirm_cover(job)


def test_a_report_becomes_paragraphs_and_candidates_with_provenance(sample, render):
    job = ingest(render(sample, "pdf"))
    assert job.status == IngestJob.Status.DONE, job.error
    report = job.report
    assert report.symbol == "A/HRC/39/97" and report.year == 2018 and report.session == 39
    assert report.source_checksum == job.checksum and str(report.period_start) == "2017-06-01"
    assert Paragraph.objects.filter(report=report).count() == job.paragraph_count == 7
    assert job.page_count > 3 and job.progress == 100
    assert job.footnotes["2"] == "AL BHR 7/2017." and job.paragraph_footnotes["annex_1:1"] == [2]
    bahrain = CandidateCase.objects.get(job=job, section="annex_1", country__iso2="BH")
    assert bahrain.kind == "first" and bahrain.status == "pending"
    assert [p.number for p in bahrain.paragraphs.order_by("number")] == [1, 2]
    assert bahrain.victims[0]["name"] == "Nadia Al-Rashidi"
    assert {"travel-ban", "denial-of-access"} <= set(
        bahrain.reprisal_types
    ) or "travel-ban" in bahrain.reprisal_types
    assert "sr-defenders" in bahrain.mechanisms and "AL BHR 7/2017" in bahrain.communications
    # Every span points at the words it was read from.
    for span in ExtractedSpan.objects.filter(candidate=bahrain, footnote__isnull=True):
        assert span.end > span.start
        assert span.paragraph.text[span.start : span.end]
    victim_span = ExtractedSpan.objects.get(candidate=bahrain, field="victim", paragraph__number=1)
    assert victim_span.paragraph.text[victim_span.start : victim_span.end] == "Ms. Nadia Al-Rashidi"
    note_span = ExtractedSpan.objects.get(candidate=bahrain, field="communication")
    assert job.footnotes[str(note_span.footnote)][note_span.start : note_span.end] == "AL BHR 7/2017"
    follow_up = CandidateCase.objects.get(job=job, section="annex_2")
    assert follow_up.kind == "follow_up" and follow_up.citations[0]["symbol"] == "A/HRC/36/31"
    # Nothing becomes a case before review.
    assert not Case.objects.exists()


def test_the_reference_stub_of_a_report_is_filled_not_duplicated(sample_classic, render):
    Report.objects.create(symbol="A/HRC/27/98", year=2014, session=27, title="Cooperation with the UN")
    job = ingest(render(sample_classic, "docx"), "report.docx")
    assert job.status == "done", job.error
    assert Report.objects.filter(symbol="A/HRC/27/98").count() == 1
    assert job.report.paragraphs.count() == 6


def test_the_same_file_twice_is_refused_before_it_is_queued(sample, render):
    ingest(render(sample, "pdf"))
    with pytest.raises(DuplicateReport, match="already been ingested as A/HRC/39/97"):
        jobs.create_job(render(sample, "pdf"), "again.pdf", enqueue=False)


def test_the_same_report_in_another_format_is_not_imported_twice(sample, render):
    ingest(render(sample, "pdf"))
    job = ingest(render(sample, "html"), "report.html")
    assert job.status == IngestJob.Status.DUPLICATE
    assert "A/HRC/39/97 is already in the database" in job.error
    assert Paragraph.objects.filter(report__symbol="A/HRC/39/97").count() == 7
    assert CandidateCase.objects.filter(job=job).count() == 0


def test_a_failure_while_storing_leaves_nothing_half_imported(sample, render):
    job = jobs.create_job(render(sample, "pdf"), "report.pdf", enqueue=False)
    read_and_confirm(job)
    with mock.patch("ingest.services.jobs.link.link_candidates", side_effect=RuntimeError("disk on fire")):
        assert jobs.run_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and "disk on fire" in job.error and "Nothing was imported" in job.error
    assert not Report.objects.filter(symbol="A/HRC/39/97").exists()
    assert not Paragraph.objects.filter(report__symbol="A/HRC/39/97").exists()
    assert not CandidateCase.objects.exists()
    # Retrying works once the cause is gone.
    assert jobs.retry(job)
    assert jobs.run_job(job.pk) == "done"


def test_a_document_that_is_not_a_report_fails_with_its_reason(render):
    job = ingest(render(build(NOT_A_REPORT), "pdf"))
    assert job.status == "failed" and job.error_code == "not_a_report"
    assert "not a report of the Secretary-General" in job.error
    assert not Paragraph.objects.exists()


def test_oversize_and_unsupported_files_are_refused_up_front(settings, sample, render):
    settings.INGEST_MAX_BYTES = 1000
    with pytest.raises(FileTooLarge, match="limit is"):
        jobs.create_job(render(sample, "pdf"), "big.pdf", enqueue=False)
    settings.INGEST_MAX_BYTES = 20 * 1024 * 1024
    with pytest.raises(UnsupportedType):
        jobs.create_job(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "scan.png", enqueue=False)
    assert not IngestJob.objects.exists()


def test_a_job_is_processed_once(sample, render):
    job = jobs.create_job(render(sample, "txt"), "report.txt", enqueue=False)
    read_and_confirm(job)
    assert jobs.run_job(job.pk) == "done"
    assert jobs.run_job(job.pk) == "not-claimed"
    assert CandidateCase.objects.filter(job=job).count() == IngestJob.objects.get(pk=job.pk).candidate_count


def test_follow_ups_link_to_candidates_and_cases_of_earlier_reports(gold, render):
    first = ingest(render(gold["a-hrc-24-90"], "pdf"))
    second = ingest(render(gold["a-hrc-30-91"], "pdf"))
    assert first.status == second.status == "done"
    bahrain = CandidateCase.objects.get(job=second, country__iso2="BH")
    link = bahrain.links.get()
    assert link.method == "citation" and link.confidence >= 0.9
    assert (
        link.target_candidate.job == first and link.target_candidate.victims[0]["name"] == "Yusuf Al-Mahoozi"
    )
    assert link.paragraph.text[link.start : link.end].startswith("A/HRC/24/90")
    sri_lanka = CandidateCase.objects.get(job=second, country__iso2="LK")
    assert sri_lanka.links.get().method == "name"
    assert CandidateLink.objects.filter(candidate__job=second).count() == second.link_count


def test_the_command_reads_files_and_reports_failures(tmp_path, sample, render, capsys):
    good = tmp_path / "A_HRC_39_97.pdf"
    good.write_bytes(render(sample, "pdf"))
    bad = tmp_path / "notes.txt"
    bad.write_text("Shopping list: apples, pears.")
    with pytest.raises(CommandError, match="2 of 3 file"):
        call_command("ingest_report", str(good), str(bad), str(tmp_path / "missing.pdf"), "--yes")
    out = capsys.readouterr()
    assert "A/HRC/39/97: 7 paragraphs" in out.out
    assert "notes.txt: not imported" in out.err and "missing.pdf: not imported: No such file" in out.err
