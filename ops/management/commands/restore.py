from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `manage.py backup` (every current "
        "record is lost). Stop the web and worker processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Backup file to restore.")
        parser.add_argument("--database", default="default")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, path, database, interactive, **options):
        if interactive:
            answer = input(
                f"This replaces every record in the '{database}' database with {path}. Type 'yes': "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restored = restore(path, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {restored}"))
