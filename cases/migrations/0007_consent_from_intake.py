"""Carry the intake's case-level consent choices (intake.CaseConsent) to a consent record per
victim (cases.Consent), and take the name of a victim who asked to be anonymised out of the
victim record: it moves to the consent record, which nothing public reads."""

from django.contrib.postgres.search import SearchVector
from django.db import migrations


def _reindex_names(apps, schema_editor, case_ids):
    """The victims' names in the search columns, as cases.search.index builds them (that module
    reads today's models, which may have columns this migration's database does not have yet)."""
    from cases.search.index import pg_config_for

    Case = apps.get_model("cases", "Case")
    Victim = apps.get_model("cases", "Victim")
    for case in Case.objects.filter(pk__in=case_ids).only("pk", "language"):
        names = [v.name or v.description for v in Victim.objects.filter(case_id=case.pk).order_by("pk")]
        Case.objects.filter(pk=case.pk).update(search_names=" ; ".join(names))
        if schema_editor.connection.vendor == "postgresql":
            config = pg_config_for(case.language)
            Case.objects.filter(pk=case.pk).update(
                search_vector=SearchVector("title", weight="A", config=config)
                + SearchVector("search_names", weight="B", config=config)
                + SearchVector("search_text", weight="C", config=config)
            )


def forwards(apps, schema_editor):
    CaseConsent = apps.get_model("intake", "CaseConsent")
    Consent = apps.get_model("cases", "Consent")
    Victim = apps.get_model("cases", "Victim")
    Submission = apps.get_model("intake", "Submission")
    anonymised_cases = set()
    for old in CaseConsent.objects.all().iterator():
        reference = Submission.objects.filter(case_id=old.case_id).values_list("reference", flat=True).first()
        for victim in Victim.objects.filter(case_id=old.case_id):
            withheld_name = ""
            if old.publication == "anonymised" and victim.name:
                withheld_name = victim.name
                victim.name = ""
                victim.description = victim.description or "Unnamed victim"
                victim.save(update_fields=["name", "description"])
                anonymised_cases.add(old.case_id)
            Consent.objects.get_or_create(
                victim=victim,
                defaults={
                    "source": "intake",
                    "source_reference": reference or "",
                    "share_with_un": old.share_with_un,
                    "publication": old.publication,
                    "withheld_name": withheld_name,
                },
            )
    _reindex_names(apps, schema_editor, anonymised_cases)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_consent"),
        ("intake", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
