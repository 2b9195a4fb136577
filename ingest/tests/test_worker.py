"""The background path: an upload is processed by the real database worker (`manage.py db_worker --queue-name ingest`)."""

import pytest

from cases.models import Case, Paragraph
from ingest.models import CandidateCase, IngestJob
from ingest.services import jobs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def run_worker():
    """The real database worker of the ingestion queue, until the queue is empty."""
    from django.core.management import call_command

    from ingest.tasks import INGEST_QUEUE

    def run():
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0.1",
            "--queue-name",
            INGEST_QUEUE,
            verbosity=0,
        )

    return run


def test_the_worker_processes_a_queued_report(reference_data, run_worker, sample, render):
    job = jobs.create_job(render(sample, "pdf"), "A_HRC_39_97.pdf")  # enqueued on commit
    assert IngestJob.objects.get(pk=job.pk).status == "queued"
    run_worker()
    job.refresh_from_db()
    assert job.status == "check" and not Paragraph.objects.exists()  # waits for the curator
    jobs.confirm_cover(job)
    run_worker()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.attempts == 2 and job.progress == 100
    assert Paragraph.objects.filter(report=job.report).count() == 7
    assert CandidateCase.objects.filter(job=job, status="pending").count() == job.candidate_count >= 3
    assert not Case.objects.exists()


def test_a_failing_report_fails_in_the_worker_and_a_second_run_does_nothing(reference_data, run_worker):
    job = jobs.create_job(b"%PDF-1.7\n" + b"junk " * 100, "broken.pdf")
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and job.error and job.attempts == 1
    run_worker()  # nothing queued any more
    job.refresh_from_db()
    assert job.attempts == 1
    assert not Paragraph.objects.exists()
