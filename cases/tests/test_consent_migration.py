"""Migration cases.0007 carries the intake's former case-level consent to each victim and takes
an anonymised victim's name out of the victim record and the search columns."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0006_consent"), ("intake", "0001_initial")]
AFTER = [("cases", "0007_consent_from_intake"), ("intake", "0002_consent_moves_to_victims")]


@pytest.fixture
def _back_to_the_latest_migrations():
    """Migrating back unapplies every later migration of these apps and their dependants: put
    them all back, or the tests that follow on this process find tables and columns missing."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_case_consent_becomes_a_record_per_victim(reference_data, _back_to_the_latest_migrations):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    country = old.get_model("cases", "Country").objects.get(iso2="NI")
    Case, Victim = old.get_model("cases", "Case"), old.get_model("cases", "Victim")
    anonymised = Case.objects.create(
        title="Unnamed victim — Nicaragua", country=country, search_names="Ana Example"
    )
    named = Case.objects.create(title="Bo Named — Nicaragua", country=country)
    Victim.objects.create(case=anonymised, name="Ana Example", description="")
    Victim.objects.create(case=named, name="Bo Named", description="")
    submission = old.get_model("intake", "Submission").objects.create(
        received_on="2026-01-01", receipt_hash="h" * 64, key_fingerprint="f", ciphertext=b"x", case=anonymised
    )
    CaseConsent = old.get_model("intake", "CaseConsent")
    CaseConsent.objects.create(case=anonymised, share_with_un=True, publication="anonymised")
    CaseConsent.objects.create(case=named, share_with_un=False, publication="named")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Victim = new.get_model("cases", "Victim")
    hidden = Victim.objects.get(case_id=anonymised.pk)
    consent = new.get_model("cases", "Consent").objects.get(victim=hidden)
    assert (hidden.name, hidden.description) == ("", "Unnamed victim")
    assert consent.withheld_name == "Ana Example" and consent.publication == "anonymised"
    assert consent.source == "intake" and consent.source_reference == submission.reference
    assert consent.share_with_un is True
    assert "Ana Example" not in new.get_model("cases", "Case").objects.get(pk=anonymised.pk).search_names
    kept = Victim.objects.get(case_id=named.pk)
    assert kept.name == "Bo Named"
    assert new.get_model("cases", "Consent").objects.get(victim=kept).share_with_un is False
