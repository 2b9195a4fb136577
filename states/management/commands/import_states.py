from django.core.management.base import BaseCommand, CommandError

from states.imports import KINDS, ImportFailed, import_csv


class Command(BaseCommand):
    help = (
        "Import a CSV file of missions, memberships (Council terms), sponsors (of resolutions) or "
        "statements. The whole file is checked first; on any error nothing is imported and every "
        "problem is listed with its line number. Formats: docs/states.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument(
            "file", help="path to a UTF-8 CSV file with a header line, or - for standard input"
        )

    def handle(self, *args, kind, file, **options):
        try:
            if file == "-":
                import sys

                result = import_csv(kind, sys.stdin)
            else:
                with open(file, "rb") as fh:
                    result = import_csv(kind, fh)
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} error(s): nothing was imported.") from exc
        for name, un_name in sorted(result.aliases_used.items()):
            self.stdout.write(f"name mapped through an alias: {name} -> {un_name}")
        self.stdout.write(f"{kind}: {result.created} created, {result.updated} updated or unchanged")
