from django.core.management.base import BaseCommand

from cases.reference.loader import load_reference


class Command(BaseCommand):
    help = "Create or update countries and the mechanism, reprisal-type and victim-role vocabularies."

    def handle(self, *args, **options):
        counts = load_reference()
        self.stdout.write(", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items()))
