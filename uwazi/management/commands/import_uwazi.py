from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cases.visibility import Visibility
from uwazi.dates import DATE_FORMATS
from uwazi.importer import import_uwazi


class Command(BaseCommand):
    help = (
        "Import the CSV an Uwazi library exports (ISHR's #EndReprisals case template; see "
        "docs/bringing-your-data.md). All or nothing; importing the same export again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file Uwazi exported")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be created, merged and left unmapped; store nothing.",
        )
        parser.add_argument(
            "--date-format",
            choices=sorted(DATE_FORMATS),
            help="How the site wrote numeric dates, when the file does not settle it (e.g. 03/04/2017).",
        )
        parser.add_argument(
            "--visibility",
            choices=Visibility.values,
            default=Visibility.CONFIDENTIAL,
            help="Visibility of new cases.",
        )
        parser.add_argument("--user", help="Username recorded in the history and the import run.")

    def handle(self, *args, file, dry_run, date_format, visibility, user, **options):
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(_("No user named %(user)s.") % {"user": user})
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        report = import_uwazi(
            data,
            Path(file).name,
            user=author,
            dry_run=dry_run,
            date_format=date_format,
            visibility=visibility,
        )
        for line in report.lines():
            self.stdout.write(line)
        for vocabulary, value in report.added_to_mapping:
            self.stdout.write(
                _("Added to the mapping file, to complete: %(vocabulary)s “%(value)s”")
                % {"vocabulary": vocabulary, "value": value}
            )
        if not report.ok:
            raise CommandError(
                _("%(n)d error(s); nothing was imported.") % {"n": len(report.errors)}, returncode=1
            )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was stored."))
