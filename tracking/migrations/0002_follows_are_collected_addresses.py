"""A follow by e-mail becomes a `mailer.models.CollectedAddress`, like every address we collect:
the keyed hash of its address (exports and erasure find it) and one random token for its links
(the one confirmation path). Existing rows get both."""

from django.db import migrations, models

import mailer.models


def fill(apps, schema_editor):
    from mailer.addresses import email_hash

    Subscription = apps.get_model("tracking", "Subscription")
    for row in Subscription.objects.only("pk", "email").iterator():
        Subscription.objects.filter(pk=row.pk).update(
            email_hash=email_hash(row.email), token=mailer.models.new_token()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="email_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="subscription",
            name="token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="subscription",
            name="token",
            field=models.CharField(
                default=mailer.models.new_token, editable=False, max_length=64, unique=True
            ),
        ),
        migrations.AlterField(
            model_name="subscription",
            name="email",
            field=models.EmailField(max_length=254, verbose_name="e-mail"),
        ),
        migrations.AddIndex(
            model_name="subscription",
            index=models.Index(fields=["email_hash"], name="tracking_sub_email_idx"),
        ),
    ]
