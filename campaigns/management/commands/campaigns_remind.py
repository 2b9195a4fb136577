from django.core.management.base import BaseCommand

from campaigns.services import send_reminders


class Command(BaseCommand):
    help = (
        "Queue one reminder to each petition signer who has not confirmed after "
        "CAMPAIGNS_REMINDER_AFTER_HOURS (never twice; only while the link is valid). Run from cron, e.g. hourly."
    )

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(f"Reminders queued: {count}")
