"""The consent choices now live per victim in cases.Consent (cases migration 0007 copied them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("cases", "0007_consent_from_intake"),
    ]

    operations = [migrations.DeleteModel(name="CaseConsent")]
