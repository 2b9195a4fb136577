import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from states.bluebook import BlueBookError, import_bluebook
from states.imports import ImportFailed, import_csv
from states.models import PermanentMission


class Command(BaseCommand):
    help = (
        "Import permanent missions: the UN Blue Book (JSON, as the UN serves it) or a CSV in the "
        "missions template (states/reference/missions_template.csv, for Geneva or any city). "
        "Re-importing updates what changed and keeps the history. See docs/bringing-your-data.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Blue Book .json, or missions .csv")
        parser.add_argument(
            "--city",
            choices=PermanentMission.City.values,
            default=PermanentMission.City.NEW_YORK,
            help="For the Blue Book: the city its missions are in (New York).",
        )

    def handle(self, *args, file, city, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        if path.suffix.lower() == ".csv":
            try:
                result = import_csv("missions", io.BytesIO(data))
            except ImportFailed as exc:
                for error in exc.errors:
                    self.stderr.write(str(error))
                raise CommandError(f"{len(exc.errors)} error(s): nothing was imported.") from exc
            self.stdout.write(f"missions: {result.created} created, {result.updated} updated or unchanged")
            return
        try:
            result = import_bluebook(data, city)
        except BlueBookError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"missions: {result.created} created, {result.updated} updated, {result.unchanged} unchanged"
        )
        for name in result.unmatched:
            self.stdout.write(f"not matched to a State: {name}")
        for address in result.bounced:
            self.stdout.write(f"address flagged after bounces (kept paused): {address}")
        for value in result.invalid:
            self.stdout.write(f"set aside, not a valid address: {value}")
