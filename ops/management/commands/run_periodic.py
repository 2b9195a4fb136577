import time

from django.core.management.base import BaseCommand

from ops.periodic import JOBS, run_due


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (campaign reminders and housekeeping, tracking digests, database "
        "statistics) when due. Without --once it loops (make run; a production service); with "
        "--once it runs what is due and exits (cron or a systemd timer). See docs/deployment.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due, then exit.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between two checks (loop).")

    def handle(self, *args, once, interval, **options):
        self.stdout.write(
            "periodic jobs: " + ", ".join(f"{j.command} every {j.every_seconds}s" for j in JOBS)
        )
        while True:
            for command in run_due(stdout=self.stdout):
                self.stdout.write(f"ran {command}")
            if once:
                return
            time.sleep(interval)
