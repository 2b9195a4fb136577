from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the whole database to PATH (SQLite: online backup API; "
        "PostgreSQL: pg_dump custom format). The file holds confidential data: encrypt it."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="File to write (replaced if it exists).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, database, **options):
        try:
            written = backup(path, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written}"))
