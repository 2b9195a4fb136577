"""Ingest reports of the Secretary-General from files: the same checks and pipeline as the upload
page, run here in the foreground (or queued for the worker with --queue).

    python manage.py ingest_report reports/A_HRC_45_36.pdf reports/A_HRC_48_28.docx

Each file is read, then its cover (symbol, session, year, date, reporting period, language, page
and paragraph counts, the catalogue's entry, a report already stored under that symbol) is shown
and nothing is stored until it is confirmed: on a terminal the command asks; --yes confirms the
cover as read, --symbol SYMBOL corrects the symbol. Without either (and no terminal), the job waits
for the curator on the upload page.

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
            "--symbol", help="the report's own symbol, as you confirm or correct it (one file at a time)"
        )
        parser.add_argument(
            "--yes", action="store_true", help="confirm the cover as read, without being asked"
        )

    def handle(self, *args, files, queue, symbol=None, yes=False, **options):
        if symbol and len(files) > 1:
            raise CommandError("--symbol names one report's symbol: give one file with it.")
        failures = 0
        for path in files:
            label = str(path)
            try:
                if not path.is_file():
                    raise IngestError(f"No such file: {path}")
                jobs.check_size(path.stat().st_size)
                job = jobs.create_job(path.read_bytes(), path.name, enqueue=queue)
            except IngestError as exc:
                failures += 1
                self.stderr.write(f"{label}: not imported: {exc}")
                continue
            if queue:
                self.stdout.write(f"{label}: queued as job {job.pk}")
                continue
            jobs.run_job(job.pk)
            job = IngestJob.objects.defer("source").get(pk=job.pk)
            if job.status == IngestJob.Status.CHECK:
                job = self._confirm(job, label, symbol, yes)
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
                self.stderr.write(
                    "  Nothing was stored. Run again with --yes to confirm, or --symbol SYMBOL to correct it."
                )
            else:
                failures += 1
                self.stderr.write(f"{label}: not imported: {job.error}")
        if failures:
            raise CommandError(f"{failures} of {len(files)} file(s) not imported")

    def _confirm(self, job: IngestJob, label: str, symbol: str | None, yes: bool) -> IngestJob:
        """Show the cover as read and confirm it: by --yes / --symbol, or by asking on a terminal.
        Nothing is stored until then."""
        import sys

        if not (yes or symbol):
            if not sys.stdin.isatty():
                return job
            self.stdout.write(f"{label}: the cover as read")
            self.stdout.write(self._cover(job.cover))
            for line in job.cover.get("problems", []) + job.cover.get("notes", []):
                self.stdout.write(f"  ! {line}")
            answer = input("Store it? [y = yes / a symbol to correct it / anything else = no] ").strip()
            if answer.lower() not in {"y", "yes"} and not answer.startswith("A/HRC/"):
                return job
            symbol = None if answer.lower() in {"y", "yes"} else answer
        try:
            jobs.confirm_cover(job, symbol)
        except IngestError as exc:
            self.stderr.write(f"{label}: {exc}")
            return job
        jobs.run_job(job.pk)
        return IngestJob.objects.defer("source").get(pk=job.pk)

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
            "language": "language",
            "pages": "pages",
            "paragraphs": "paragraphs",
        }
        lines = [f"  {label:<12} {cover.get(key) or '—'}" for key, label in names.items()]
        if cover.get("catalogue"):
            entry = cover["catalogue"]
            lines.append(f"  catalogue    {entry['symbol']} (session {entry['session']}, {entry['year']})")
        if cover.get("stored"):
            stored = cover["stored"]
            lines.append(
                f"  stored       {stored['symbol']}: {stored['paragraphs']} paragraphs, dated "
                f"{stored['published_on'] or '—'}, checksum {stored['checksum'][:16] or '—'}"
            )
        return "\n".join(lines)
