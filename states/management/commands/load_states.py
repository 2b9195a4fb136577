from django.core.management.base import BaseCommand

from states.reference.loader import load_states


class Command(BaseCommand):
    help = (
        "Create or update Human Rights Council terms (states/reference) and the campaign page's "
        "facts as demo data (sessions, resolution A/HRC/54/L.30/Rev.1 and its co-sponsors, statements). "
        "Idempotent. Run after load_reference (and after load_demo, to link demo cases)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-demo", action="store_true", help="Load the Council terms only, not the campaign's facts."
        )

    def handle(self, *args, no_demo=False, **options):
        report = load_states(demo_data=not no_demo)
        out = self.stdout
        out.write(
            f"Council terms: {report.memberships_total} loaded "
            f"({report.memberships_created} new, {report.memberships_updated} already there)"
        )
        for name, un_name in sorted(report.aliases.items()):
            out.write(f"  name mapped through an alias: {name} -> {un_name}")
        for name, lines in sorted(report.unmapped.items()):
            self.stderr.write(
                self.style.WARNING(
                    f"  unmapped country (rows skipped): {name} (lines {', '.join(map(str, lines))})"
                )
            )
        if no_demo:
            return
        out.write(f"Sessions: {report.sessions}; co-sponsors of the demo resolution: {report.sponsors}")
        for name in report.unmapped_sponsors:
            self.stderr.write(self.style.WARNING(f"  unmapped co-sponsor (skipped): {name}"))
        out.write(
            f"Resolutions on reprisals: {report.resolutions}; co-sponsors from sources: {report.real_cosponsors}"
        )
        out.write(f"Statements from public sources: {report.source_statements}")
        out.write(f"Statements: {report.statements}")
        for title in report.linked_cases:
            out.write(f"  linked case: {title}")
        for title in report.missing_cases:
            out.write(f"  no single case titled like '{title}': not linked (run load_demo first?)")
