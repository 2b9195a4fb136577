from django.core.management.base import BaseCommand

from campaigns.demo.loader import load_campaigns


class Command(BaseCommand):
    help = (
        "Create or update the demonstration campaign (#EndReprisals 2023): featured cases, an e-mail "
        "action to permanent missions, a petition, updates and the mailing list. Idempotent. Run after "
        "load_demo (cases) and load_states (co-sponsors); missing cases are skipped and reported."
    )

    def handle(self, *args, **options):
        report = load_campaigns()
        self.stdout.write(f"Campaign: {report.campaign.title} ({report.campaign.get_absolute_url()})")
        for title in report.linked:
            self.stdout.write(f"  featured case: {title}")
        for missing in report.missing:
            self.stderr.write(
                self.style.WARNING(f"  case not found, skipped (run load_demo first?): {missing}")
            )
        if report.resolution:
            self.stdout.write(f"  default targets: co-sponsors of {report.resolution}")
        else:
            self.stdout.write(
                "  default targets: co-sponsors of any resolution on reprisals (run load_states to load them)"
            )
