from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from cases.planner import refresh_statistics


class Command(BaseCommand):
    @property
    def help(self):
        return gettext(
            "Refresh the database's query-planner statistics of the case tables (schedule it, "
            "e.g. daily, and run it after large imports)."
        )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        refresh_statistics(options["database"])
