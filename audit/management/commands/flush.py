"""`manage.py flush`, which empties every table by design, with the audit triggers lifted for
its duration only (they would otherwise make it fail on SQLite and PostgreSQL). The test suite
flushes between transactional tests through this command too."""

from django.core.management.commands.flush import Command as FlushCommand

from audit.triggers import suspended


class Command(FlushCommand):
    def handle(self, **options):
        with suspended(options["database"]):
            return super().handle(**options)
