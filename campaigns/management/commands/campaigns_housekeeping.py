from django.core.management.base import BaseCommand

from campaigns.housekeeping import run


class Command(BaseCommand):
    help = (
        "Copy delivery outcomes onto messages to missions (counting bounces), delete unconfirmed "
        "signatures, letters and subscriptions whose link has expired, expired rate-limit rows and "
        "old campaign e-mails. Run from cron, e.g. hourly."
    )

    def handle(self, *args, **options):
        for key, value in run().items():
            self.stdout.write(f"{key}: {value}")
