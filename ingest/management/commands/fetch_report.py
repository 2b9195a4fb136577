"""Fetch reports by symbol from the UN Official Document System and ingest them, with the same
checks, cover confirmation and pipeline as `ingest_report`.

    python manage.py fetch_report A/HRC/45/36 [--language en] [--yes]
    python manage.py fetch_report --catalogue        # every catalogued report not yet ingested, oldest first
"""

from django.core.management.base import CommandError

from ingest.models import IngestJob
from ingest.services import fetch, jobs
from ingest.services.errors import IngestError

from .ingest_report import Command as IngestCommand


class Command(IngestCommand):
    help = "Fetch reports by symbol from the UN Official Document System and read them for review."

    def add_arguments(self, parser):
        parser.add_argument("symbols", nargs="*")
        parser.add_argument("--language", default="en", choices=sorted(fetch.LANGUAGES))
        parser.add_argument(
            "--catalogue", action="store_true", help="every catalogued report not yet ingested"
        )
        parser.add_argument("--queue", action="store_true", help="leave the reading to the background worker")
        parser.add_argument(
            "--yes", action="store_true", help="confirm the covers as read, without being asked"
        )

    def handle(self, *args, symbols, language, catalogue, queue, yes, **options):
        if catalogue:
            symbols = [*symbols, *fetch.catalogue_to_fetch()]
        if not symbols:
            raise CommandError("Give one or more symbols, or --catalogue.")
        failures = 0
        for symbol in symbols:
            try:
                name, data = fetch.fetch(symbol, language)
                job = jobs.create_job(data, name, enqueue=queue)
            except IngestError as exc:
                failures += 1
                self.stderr.write(f"{symbol}: not fetched: {exc}")
                continue
            if queue:
                self.stdout.write(f"{symbol}: fetched and queued as job {job.pk}")
                continue
            jobs.run_job(job.pk)
            job = IngestJob.objects.defer("source").get(pk=job.pk)
            if job.status == IngestJob.Status.CHECK:
                job = self._confirm(job, symbol, None, yes)
            if job.status == IngestJob.Status.DONE:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{symbol}: {job.paragraph_count} paragraphs, {job.candidate_count} candidates"
                    )
                )
            elif job.status == IngestJob.Status.CHECK:
                failures += 1
                self.stderr.write(f"{symbol}: waiting for you (job {job.pk}): {job.error}")
                self.stderr.write(self._cover(job.cover))
            else:
                failures += 1
                self.stderr.write(f"{symbol}: not imported: {job.error}")
        if failures:
            raise CommandError(f"{failures} of {len(symbols)} report(s) not imported")
