from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cases.importer import import_cases_csv
from cases.visibility import SYSTEM


class Command(BaseCommand):
    help = (
        "Import cases from a CSV file in the columns of the case download (see cases/importer.py). "
        "Nothing is written unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, then roll everything back."
        )
        parser.add_argument("--user", help="Username recorded in the history as the author of the changes.")

    def handle(self, *args, file, dry_run, user, **options):
        author = None
        if user:
            try:
                author = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(_("No user named %(user)s.") % {"user": user}) from None
        try:
            with open(file, "rb") as fh:
                # The author, when given, is only recorded: the command runs with full rights.
                result = import_cases_csv(fh, user=SYSTEM, dry_run=dry_run, history_user=author)
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        for line, message in result.warnings:
            self.stderr.write(_("line %(line)d: warning: %(message)s") % {"line": line, "message": message})
        for line, message in result.errors:
            self.stderr.write(_("line %(line)d: %(message)s") % {"line": line, "message": message})
        if not result.ok:
            raise CommandError(
                _("%(n)d error(s); nothing was imported.") % {"n": len(result.errors)}, returncode=1
            )
        summary = _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        if dry_run:
            summary += " " + _("(dry run: nothing was written)")
        self.stdout.write(summary)
