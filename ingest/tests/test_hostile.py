"""Hostile and huge files: Word zip bombs, PDFs of thousands of pages, slow reading; and reports
read on their own queue, so mail never waits behind one."""

import io
import zipfile

import pytest

from ingest.services import extract_text, jobs, pipeline
from ingest.services.errors import FileTooLarge, TooLong


def _docx_with_part(docx: bytes, name: str, size: int) -> bytes:
    """The Word file with one more part of `size` bytes of zeros (compressing to almost nothing)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        with target.open(name, "w") as part:
            chunk = b"\0" * (1 << 20)
            for _ in range(size // len(chunk)):
                part.write(chunk)
    return out.getvalue()


def test_a_word_file_with_a_huge_part_is_refused_before_it_is_read(sample, render):
    bomb = _docx_with_part(render(sample, "docx"), "word/media/image1.png", 12 << 20)
    assert len(bomb) < 200_000  # small on disk
    limits = extract_text.Limits(part_bytes=8 << 20)
    with pytest.raises(FileTooLarge, match=r"word/media/image1.png.*INGEST_MAX_PART_BYTES"):
        pipeline.parse(bomb, "bomb.docx", limits=limits)


def test_a_part_whose_declared_size_lies_is_stopped_while_reading(sample, render):
    bomb = bytearray(_docx_with_part(render(sample, "docx"), "word/media/image1.png", 12 << 20))
    # rewrite the declared uncompressed size of the big part in the central directory to 1 byte
    with zipfile.ZipFile(io.BytesIO(bytes(bomb))) as archive:
        info = archive.getinfo("word/media/image1.png")
    central = bytes(bomb).rfind(
        b"PK\x01\x02", 0, bytes(bomb).find(b"word/media/image1.png", info.header_offset + 30)
    )
    bomb[central + 24 : central + 28] = (1).to_bytes(4, "little")
    with pytest.raises((FileTooLarge, extract_text.UnreadableFile)):
        extract_text.check_archive(bytes(bomb), extract_text.Limits(part_bytes=8 << 20))


def test_too_many_pages_and_too_long_are_stopped_with_a_clear_error(sample, render):
    data = render(sample, "pdf")
    with pytest.raises(TooLong, match=r"pages; the limit is 3 \(setting INGEST_MAX_PAGES\)"):
        pipeline.parse(data, "long.pdf", limits=extract_text.Limits(pages=3))
    with pytest.raises(TooLong, match="INGEST_MAX_SECONDS"):
        pipeline.parse(data, "slow.pdf", limits=extract_text.Limits(seconds=0))


@pytest.mark.django_db(transaction=True)
def test_reports_wait_on_their_own_queue_and_mail_goes_first(reference_data, sample, render):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from ingest.models import IngestJob
    from ingest.tasks import INGEST_QUEUE

    job = jobs.create_job(render(sample, "pdf"), "A_HRC_39_97.pdf")
    assert DBTaskResult.objects.get(args_kwargs__args=[job.pk]).queue_name == INGEST_QUEUE
    # the default queue's worker (the one that sends mail) never picks the report up
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1", verbosity=0)
    assert IngestJob.objects.get(pk=job.pk).status == "queued"
    # the ingestion worker reads it
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
    assert IngestJob.objects.get(pk=job.pk).status == "check"


def test_a_job_too_long_fails_with_its_reason_and_stores_nothing(db, settings, sample, render):
    settings.INGEST_MAX_PAGES = 2
    job = jobs.create_job(render(sample, "pdf"), "long.pdf", enqueue=False)
    assert jobs.run_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.error_code == "too_long" and "INGEST_MAX_PAGES" in job.error
