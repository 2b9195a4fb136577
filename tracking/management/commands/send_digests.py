"""Queue the e-mail digests that are due; the background worker delivers them.

Run it from a timer (e.g. hourly); each confirmed subscription gets at most one digest per
`--every` hours, and only when something changed. Safe to run repeatedly or concurrently.
"""

import datetime

from django.core.management.base import BaseCommand

from tracking.services.digests import DIGEST_EVERY, send_digests


class Command(BaseCommand):
    help = "Queue e-mail digests of changes for confirmed subscriptions (delivered by the worker)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            default=DIGEST_EVERY.total_seconds() / 3600,
            help="Hours between two digests to the same subscription (default 24).",
        )

    def handle(self, *args, every, **options):
        run = send_digests(every=datetime.timedelta(hours=every))
        if options["verbosity"] > 0:
            self.stdout.write(
                f"{run.due} subscriptions due, {run.sent} digests queued, {run.purged} unconfirmed removed"
            )
