import sys

from django.core.management.base import BaseCommand

from campaigns.bounces import record_dsn


class Command(BaseCommand):
    help = (
        "Record the bounces in a delivery status notification (RFC 3464) read from a file or standard "
        "input, e.g. piped from the mail server's bounce address. Mission addresses are counted and "
        "paused at CAMPAIGNS_BOUNCE_PAUSE_THRESHOLD; other addresses are ignored."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="A file holding the message (default: standard input).")

    def handle(self, *args, path=None, **options):
        if path:
            with open(path, "rb") as fh:
                raw = fh.read()
        else:
            raw = sys.stdin.buffer.read()
        for health in record_dsn(raw):
            state = "paused" if health.is_paused else "counted"
            self.stdout.write(f"{health.address}: {health.bounce_count} bounce(s), {state}")
