from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from cases.demo import DemoDataError, load_demo
from cases.planner import refresh_statistics


class Command(BaseCommand):
    @property
    def help(self):
        # A property, because argparse needs a real string, translated when the help is shown.
        return gettext(
            "Load the demonstration data: the five real cases of the #EndReprisals campaign and an "
            "invented, clearly labelled set of demo cases and reports. Run load_reference first; "
            "running it again creates only what is missing."
        )

    def handle(self, *args, **options):
        try:
            load_demo(stdout=self.stdout)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        refresh_statistics()
