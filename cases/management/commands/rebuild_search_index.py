"""Re-index every case's search columns and name spellings (after an upgrade that changes what
the index holds, e.g. the multilingual vocabulary line and the name keys of the search)."""

from django.core.management.base import BaseCommand

from cases.models import Case
from cases.search.index import refresh_cases


class Command(BaseCommand):
    help = "Rebuild the full-text search columns and the name spellings of every case."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, **options):
        ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), options["batch"]):
            refresh_cases(ids[start : start + options["batch"]])
            self.stdout.write(f"{min(start + options['batch'], len(ids))}/{len(ids)}")
        self.stdout.write(self.style.SUCCESS(f"re-indexed {len(ids)} cases"))
