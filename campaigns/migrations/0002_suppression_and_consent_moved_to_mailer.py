from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("mailer", "0003_copy_suppression_and_consent_from_campaigns"),
    ]

    operations = [
        migrations.DeleteModel(name="ConsentRecord"),
        migrations.DeleteModel(name="Suppression"),
    ]
