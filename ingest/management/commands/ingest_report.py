"""Ingest reports of the Secretary-General from files: the same checks and pipeline as the upload
page, run here in the foreground (or queued for the worker with --queue).

    python manage.py ingest_report reports/A_HRC_45_36.pdf reports/A_HRC_48_28.docx

Give several years oldest first, so that each report's follow-ups link to the ones before.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.models import IngestJob
from ingest.services import jobs
from ingest.services.errors import IngestError


class Command(BaseCommand):
    help = "Read reports (PDF, DOCX, HTML, text) into paragraphs and candidate cases for review."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--queue", action="store_true", help="leave the work to the background worker")
        parser.add_argument(
            "--symbol",
            help="the report's own symbol, confirmed by you: the cover check (catalogue, session, year) is skipped",
        )

    def handle(self, *args, files, queue, symbol=None, **options):
        failures = 0
        for path in files:
            label = str(path)
            try:
                if not path.is_file():
                    raise IngestError(f"No such file: {path}")
                jobs.check_size(path.stat().st_size)
                job = jobs.create_job(path.read_bytes(), path.name, enqueue=False)
                if symbol:
                    IngestJob.objects.filter(pk=job.pk).update(confirmed_symbol=symbol)
                if queue:
                    jobs._enqueue(job.pk)
            except IngestError as exc:
                failures += 1
                self.stderr.write(f"{label}: not imported: {exc}")
                continue
            if queue:
                self.stdout.write(f"{label}: queued as job {job.pk}")
                continue
            jobs.run_job(job.pk)
            job = IngestJob.objects.select_related("report").defer("source").get(pk=job.pk)
            if job.status == IngestJob.Status.DONE:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{label}: {job.report.symbol}: {job.paragraph_count} paragraphs, "
                        f"{job.candidate_count} candidate cases, {job.link_count} proposed links (job {job.pk})"
                    )
                )
                for warning in job.warnings:
                    self.stdout.write(f"  warning: {warning}")
            elif job.status == IngestJob.Status.CHECK:
                failures += 1
                self.stderr.write(f"{label}: waiting for you (job {job.pk}): {job.error}")
                self.stderr.write(self._cover(job.cover))
                self.stderr.write("  Run again with --symbol SYMBOL to confirm or correct the symbol.")
            else:
                failures += 1
                self.stderr.write(f"{label}: not imported: {job.error}")
        if failures:
            raise CommandError(f"{failures} of {len(files)} file(s) not imported")

    @staticmethod
    def _cover(cover: dict) -> str:
        names = {
            "symbol": "symbol",
            "symbol_source": "read from",
            "session": "session",
            "year": "year",
            "published_on": "date",
            "period_start": "period from",
            "period_end": "period to",
            "pages": "pages",
            "paragraphs": "paragraphs",
        }
        return "\n".join(f"  {label:<12} {cover.get(key) or '—'}" for key, label in names.items())
