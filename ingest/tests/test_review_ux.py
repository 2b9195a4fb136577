"""Review at the speed of a report: bulk accept and reject, highlights on whole words, clear
titles, "Try again" only where it can help, one timeline entry per report, and the uploading
curator named in the audit log."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case, Mention
from cases.tests.factories import CaseFactory, MentionFactory, ParagraphFactory, ReportFactory
from cases.visibility import Visibility
from ingest.highlight import highlight, whole_words
from ingest.models import CandidateCase, IngestJob
from ingest.services import jobs
from ingest.services.extract import Victim, victims_title
from tracking.services.timeline import REPORT, build_timeline

from .test_jobs import ingest

BULK = reverse("ingest:queue-bulk")


@pytest.fixture
def job(db, sample, render):
    return ingest(render(sample, "pdf"))


def _pending(job):
    return list(CandidateCase.objects.filter(job=job, status="pending").order_by("pk"))


def test_bulk_accept_makes_unpublished_cases_with_the_chosen_visibility(client, curator, job):
    first, second, *rest = _pending(job)
    client.force_login(curator)
    response = client.post(
        BULK,
        {"candidates": [first.pk, second.pk], "action": "accept", "visibility": Visibility.RESTRICTED},
        follow=True,
    )
    assert "2 candidates accepted as new, unpublished cases." in response.content.decode()
    for candidate in (first, second):
        candidate.refresh_from_db()
        assert candidate.status == "accepted" and candidate.reviewed_by == curator
        assert candidate.case.visibility == Visibility.RESTRICTED and not candidate.case.is_published
    assert all(c.status == "pending" for c in rest)


def test_bulk_reject_keeps_the_reason_and_skips_what_was_already_reviewed(client, curator, job):
    first, second, *_ = _pending(job)
    CandidateCase.objects.filter(pk=second.pk).update(status="accepted")
    client.force_login(curator)
    body = client.post(
        BULK, {"candidates": [first.pk, second.pk], "action": "reject", "note": "duplicate"}, follow=True
    ).content.decode()
    assert "1 candidate rejected." in body and "already reviewed were left as they are" in body
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == "rejected" and first.review_note == "duplicate"
    assert second.status == "accepted"


def test_bulk_with_nothing_ticked_says_so_and_changes_nothing(client, curator, job):
    client.force_login(curator)
    body = client.post(BULK, {"action": "accept", "visibility": "confidential"}, follow=True).content.decode()
    assert "Tick at least one candidate." in body
    assert not Case.objects.exists()


def test_bulk_review_is_for_curators_only(client, researcher, job):
    client.force_login(researcher)
    assert client.post(BULK, {"candidates": [_pending(job)[0].pk], "action": "reject"}).status_code == 403


def test_the_queue_offers_a_box_per_pending_candidate(client, curator, job):
    client.force_login(curator)
    body = client.get(reverse("ingest:queue")).content.decode()
    assert body.count('name="candidates"') == len(_pending(job))
    assert 'value="accept"' in body and 'value="reject"' in body


@pytest.mark.parametrize(
    "text, span, marked",
    [
        ("the Mission in Afghanistan said", (4, 17), "Mission in Afghanistan"),  # cut at the end
        ("the Mission in Afghanistan said", (8, 26), "Mission in Afghanistan"),  # cut at the start
        ("Mr. Saeed Al-Kaabi, a lawyer", (4, 18), "Saeed Al-Kaabi"),  # already whole
        ("Ms. Ana Pérez-Núñez left", (8, 15), "Pérez-Núñez"),  # accents are letters
    ],
)
def test_highlights_cover_whole_words(text, span, marked):
    start, end = whole_words(text, *span)
    assert text[start:end] == marked
    assert f">{marked}</mark>" in highlight(text, [(*span, "country", "x")])


@pytest.mark.parametrize(
    "victims, title",
    [
        ([Victim(name="Saeed Al-Kaabi")], "Saeed Al-Kaabi"),
        ([Victim(name="Saeed Al-Kaabi"), Victim(name="Ahmed Mansoor")], "Saeed Al-Kaabi and Ahmed Mansoor"),
        ([Victim(name="Saeed Al-Kaabi"), Victim(description="an individual")], "Saeed Al-Kaabi and others"),
        ([Victim(description="an individual"), Victim(name="Saeed Al-Kaabi")], "Saeed Al-Kaabi and others"),
        ([Victim(name="A"), Victim(name="B"), Victim(name="C")], "A and others"),
        ([Victim(description="a woman human rights defender")], "a woman human rights defender"),
        ([Victim(description="two lawyers"), Victim(description="a journalist")], "two lawyers and others"),
        ([], "Unnamed victim"),
    ],
)
def test_generated_titles_name_people_clearly(victims, title):
    assert victims_title(victims) == title
    assert "and an individual" not in victims_title(victims)


def _failed(code):
    return IngestJob.objects.create(
        filename="x.pdf",
        file_format="pdf",
        size=1,
        checksum=code.ljust(64, "0"),
        source=b"",
        status="failed",
        error="Not imported.",
        error_code=code,
    )


def test_a_file_refused_as_not_a_report_offers_no_try_again(client, curator):
    client.force_login(curator)
    refused, crashed = _failed("not_a_report"), _failed("error")
    assert "Try again" not in client.get(reverse("ingest:job", args=[refused.pk])).content.decode()
    assert "Try again" in client.get(reverse("ingest:job", args=[crashed.pk])).content.decode()
    client.post(reverse("ingest:job-retry", args=[refused.pk]))
    refused.refresh_from_db()
    assert refused.status == "failed"  # not queued again


def test_a_case_from_two_paragraphs_of_one_report_shows_the_report_once(db):
    report = ReportFactory(year=2021, period_end=datetime.date(2021, 4, 30))
    case = CaseFactory()
    for number in (12, 13):
        MentionFactory(
            case=case,
            report=report,
            paragraph=ParagraphFactory(report=report, number=number),
            kind=Mention.Kind.FIRST,
        )
    later = ReportFactory(year=2022, symbol="A/HRC/51/47", period_end=datetime.date(2022, 4, 30))
    MentionFactory(
        case=case,
        report=later,
        paragraph=ParagraphFactory(report=later, number=3),
        kind=Mention.Kind.FOLLOW_UP,
    )
    entries, _events, years = build_timeline(case)
    reports = [e for e in entries if e.kind == REPORT]
    assert [e.detail for e in reports] == [report.symbol, later.symbol]
    assert "12" in reports[0].source_label and "13" in reports[0].source_label
    assert years == [2021, 2022]


@pytest.mark.django_db(transaction=True)
def test_the_audit_log_names_the_curator_who_uploaded(reference_data, run_worker, sample, render, curator):
    job = jobs.create_job(render(sample, "pdf"), "A_HRC_39_97.pdf", curator)
    run_worker()
    job.refresh_from_db()
    assert job.status == "check", job.error  # the curator confirms the cover first
    jobs.confirm_cover(job)
    run_worker()
    job.refresh_from_db()
    assert job.status == "done", job.error
    created = AuditEvent.objects.filter(
        object_type="cases.report", object_id=str(job.report_id), action="create"
    )
    assert created.exists() and {e.username for e in created} == {"curator"}
