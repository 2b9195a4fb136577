"""The one registry of personal data (mailer/personal_data.py): every model that holds an address
is either registered (found, exported and erased by address) or exempted with a reason, and an
erasure leaves the address in no table of any app."""

import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from campaigns import services as campaigns
from campaigns.models import DataRequest
from campaigns.tests.factories import make_world
from cases.models import Country
from cases.tests.factories import CaseFactory
from mailer import personal_data
from mailer.addresses import email_hash, is_suppressed
from mailer.confirmation import kinds
from mailer.models import CollectedAddress, OutboundEmail
from tracking.models import Subscription as Follow
from tracking.services import subscriptions as follows

pytestmark = pytest.mark.django_db

ADDRESS = "qzv.everywhere@example.org"
NAME = "Qzveverywhere Person"


def _holds_an_address(model) -> bool:
    return any(
        isinstance(field, models.EmailField) or field.name == "email_hash"
        for field in model._meta.concrete_fields
    )


def test_every_model_holding_an_address_is_registered_or_exempted():
    registered = {holding.label for holding in personal_data.holdings()}
    exempted = personal_data.exemptions()
    forgotten = [
        model._meta.label
        for model in apps.get_models()
        if _holds_an_address(model) and model._meta.label not in registered | set(exempted)
    ]
    assert forgotten == [], "register these in the app's personal_data.py (or exempt them, saying why)"
    assert all(len(reason) > 30 for reason in exempted.values())
    installed = {model._meta.label for model in apps.get_models()}
    assert registered | set(exempted) <= installed  # no stale entry


def test_the_check_catches_a_new_model_with_an_address():
    class NewSignupForm(models.Model):  # e.g. a newsletter for another campaign, forgotten
        address = models.EmailField()

        class Meta:
            app_label = "mailer"

        def __str__(self):
            return self.address

    try:
        assert _holds_an_address(NewSignupForm)
        assert NewSignupForm._meta.label not in {h.label for h in personal_data.holdings()}
    finally:
        apps.all_models["mailer"].pop("newsignupform", None)
        apps.clear_cache()


def test_every_collected_address_has_one_confirmation_kind_and_is_registered():
    reverse("campaigns:list")  # the URL patterns, which name each kind, are loaded
    collected = {m._meta.label for m in apps.get_models() if issubclass(m, CollectedAddress)}
    assert collected == {
        "campaigns.Signature",
        "campaigns.ActionSubmission",
        "campaigns.Subscription",
        "tracking.Subscription",
    }
    assert {kind.model._meta.label for kind in kinds().values()} == collected
    assert collected <= {holding.label for holding in personal_data.holdings()}


@pytest.fixture
def everywhere(client):
    """The address in every kind of record the registry knows, through the public services."""
    world = make_world()
    france = Country.objects.get(iso2="FR")
    campaigns.confirm_signature(
        campaigns.sign_petition(world["petition"], name=NAME, email=ADDRESS, country=france, page="/p/")
    )
    submission = campaigns.start_action(
        world["action"],
        name=NAME,
        email=ADDRESS,
        country=france,
        letter_body="Qzv words for {state}.",
        targets=list(Country.objects.filter(iso2__in=["IE", "FR"])),
        page="/a/",
    )
    campaigns.confirm_action(submission)
    campaigns.confirm_subscription(campaigns.subscribe(world["mailing_list"], email=ADDRESS, page="/s/"))
    case = CaseFactory(title="Followed case", country=Country.objects.get(iso2="DJ"))
    follows.confirm(follows.subscribe(ADDRESS, follows.Scope(Follow.Kind.CASE, case=case), "fr", page="/f/"))
    DataRequest.objects.create(email=ADDRESS, email_hash=email_hash(ADDRESS))
    return world


def test_what_we_hold_covers_every_registered_kind(everywhere):
    """A fixture for each registered holding: adding one without showing it here fails."""
    summary = personal_data.summary(ADDRESS.upper())
    assert set(summary) == {holding.section for holding in personal_data.holdings()}
    assert all(count > 0 for count in summary.values()), summary
    data = personal_data.export_data(f" {ADDRESS} ")
    assert all(data[section] for section in summary)
    assert data["follows"][0]["language"] == "fr" and "Followed case" in data["follows"][0]["follows"]
    assert {c["purpose"] for c in data["consent_records"]} == {"petition", "action", "mailing_list", "follow"}
    json.dumps(data)  # plain data, as mailed


def _every_text_in_the_database() -> str:
    chunks = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:  # e.g. SQLite's full-text index of cases
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                chunks.extend(str(value) for value in row)
    return "\n".join(chunks)


def test_erasure_leaves_the_address_in_no_table_of_any_app(client, everywhere):
    assert ADDRESS in _every_text_in_the_database()
    counts = personal_data.erase(ADDRESS.upper())
    assert counts["follows"] == 1 and counts["petition_signatures"] == 1 and counts["emails"] > 0
    text = _every_text_in_the_database().lower()
    assert ADDRESS not in text and NAME.lower() not in text and "qzv words" not in text
    assert is_suppressed(ADDRESS)
    assert not personal_data.holds_data(ADDRESS)
    assert all(count == 0 for count in personal_data.summary(ADDRESS).values())


def test_the_my_data_page_exports_follows_too(client, everywhere):
    client.post(reverse("campaigns:my-data"), {"email": ADDRESS, "request": "export", "website": ""})
    [mail] = OutboundEmail.objects.filter(category="campaigns.privacy")
    assert '"follows"' in mail.body_text and "Followed case" in mail.body_text
