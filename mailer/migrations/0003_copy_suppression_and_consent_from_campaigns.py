"""Move the suppression list and the consent records from the campaigns app to the mailer,
keeping every row (an erased supporter must stay suppressed)."""

from django.db import migrations

FIELDS = {
    "Suppression": ["email_hash", "reason", "created_at"],
    "ConsentRecord": [
        "email_hash",
        "purpose",
        "reference",
        "text",
        "version",
        "page",
        "given_at",
        "confirmed_at",
    ],
}


def _copy(source, target):
    for name, fields in FIELDS.items():
        old, new = source.get_model(name), target.get_model(name)
        rows = old.objects.order_by("pk").values(*fields).iterator()
        new.objects.bulk_create([new(**row) for row in rows], batch_size=1000)
        if "created_at" in fields:  # auto_now_add would stamp the copy with today's date
            for row in old.objects.values("email_hash", "created_at").iterator():
                new.objects.filter(email_hash=row["email_hash"]).update(created_at=row["created_at"])


class _App:
    def __init__(self, apps, label):
        self.apps, self.label = apps, label

    def get_model(self, name):
        return self.apps.get_model(self.label, name)


def forwards(apps, schema_editor):
    _copy(_App(apps, "campaigns"), _App(apps, "mailer"))


def backwards(apps, schema_editor):
    _copy(_App(apps, "mailer"), _App(apps, "campaigns"))


class Migration(migrations.Migration):
    dependencies = [
        ("mailer", "0002_suppression_and_consent_shared_by_every_app"),
        ("campaigns", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
