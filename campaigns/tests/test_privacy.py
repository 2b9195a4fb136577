"""A supporter's data: export by e-mail after a POSTed request; erasure after a confirmation
link, leaving only the suppression hash, which blocks every later message."""

import json
import re

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from campaigns import privacy, services
from campaigns.models import (
    ActionSubmission,
    MissionMessage,
    MissionReply,
    Signature,
    Subscription,
)
from cases.models import Country
from mailer.addresses import email_hash
from mailer.models import OutboundEmail, Suppression

from .factories import make_world

pytestmark = pytest.mark.django_db

ADDRESS = "zqx.erasable@example.org"
NAME = "Zqxerasable Person"


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def supporter(world):
    france = Country.objects.get(iso2="FR")
    signature = services.sign_petition(
        world["petition"], name=NAME, email=ADDRESS, country=france, page="/p/"
    )
    services.confirm_signature(signature)
    submission = services.start_action(
        world["action"],
        name=NAME,
        email=ADDRESS,
        country=france,
        letter_body="My own words, {state}.",
        targets=list(Country.objects.filter(iso2__in=["IE", "FR", "UY"])),
        page="/a/",
    )
    services.confirm_action(submission)
    services.report_reply(
        submission, country=Country.objects.get(iso2="IE"), received_on=None, summary="Noted."
    )
    subscription = services.subscribe(world["mailing_list"], email=ADDRESS, page="/s/")
    services.confirm_subscription(subscription)
    return submission


def _all_text_in_database() -> str:
    """Every text value of every row of the campaigns and mailer apps."""
    chunks = []
    for model in [*apps.get_app_config("campaigns").get_models(), OutboundEmail]:
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model.objects.values_list(*fields):
            chunks.extend(str(value) for value in row)
    return "\n".join(chunks)


def test_export_is_mailed_to_the_address_itself(client, supporter):
    response = client.post(
        reverse("campaigns:my-data"), {"email": ADDRESS.upper(), "request": "export", "website": ""}
    )
    assert response.status_code == 200 and b"If we hold data about this address" in response.content
    [mail] = OutboundEmail.objects.filter(category="campaigns.privacy")
    assert mail.to.lower() == ADDRESS
    data = json.loads(mail.body_text.split("in JSON:", 1)[1].split("To erase it", 1)[0])
    assert data["petition_signatures"][0]["name"] == NAME
    letter = data["letters_to_missions"][0]
    assert letter["letter"] == "My own words, {state}." and set(letter["states"]) == {
        "France",
        "Ireland",
        "Uruguay",
    }
    assert letter["replies_you_reported"][0]["summary"] == "Noted."
    assert data["mailing_lists"][0]["status"] == "confirmed"
    assert {c["purpose"] for c in data["consent_records"]} == {"petition", "action", "mailing_list"}
    assert all(c["text"] and c["version"] and c["page"] for c in data["consent_records"])
    # Asking again within the hour sends nothing more.
    client.post(reverse("campaigns:my-data"), {"email": ADDRESS, "request": "export", "website": ""})
    assert OutboundEmail.objects.filter(category="campaigns.privacy").count() == 1


def test_export_of_an_unknown_address_sends_nothing_and_answers_the_same(client, world):
    response = client.post(
        reverse("campaigns:my-data"), {"email": "nobody@example.org", "request": "export", "website": ""}
    )
    assert response.status_code == 200 and b"If we hold data about this address" in response.content
    assert not OutboundEmail.objects.exists()


def test_data_request_form_errors(client, world):
    response = client.post(reverse("campaigns:my-data"), {"email": "bad", "website": ""})
    assert response.status_code == 400
    assert (
        b"Enter a valid email address" in response.content
        and b"Choose what you would like" in response.content
    )
    assert b'value="bad"' in response.content


def test_erasure_leaves_only_the_suppression_hash_and_blocks_sending(client, world, supporter):
    assert NAME in _all_text_in_database()
    messages_before = MissionMessage.objects.count()
    client.post(reverse("campaigns:my-data"), {"email": ADDRESS, "request": "erase", "website": ""})
    [mail] = OutboundEmail.objects.filter(subject="Confirm the erasure of your data")
    path = re.search(r"/campaigns/my-data/erase/\S+/", mail.body_text).group(0)
    # Opening the link erases nothing.
    assert client.get(path).status_code == 200
    assert Signature.objects.filter(email_hash=email_hash(ADDRESS)).exists()
    response = client.post(path)
    assert response.status_code == 200 and b"data-erased" in response.content

    text = _all_text_in_database()
    assert ADDRESS not in text.lower() and NAME not in text and "My own words" not in text
    key = email_hash(ADDRESS)
    assert Suppression.objects.filter(email_hash=key).count() == 1
    assert (
        not Signature.objects.exists()
        and not ActionSubmission.objects.exists()
        and not Subscription.objects.exists()
    )
    # Anonymous counts survive: the messages to missions and the reply, without the supporter.
    assert MissionMessage.objects.count() == messages_before
    assert not MissionMessage.objects.filter(submission__isnull=False).exists()
    assert MissionReply.objects.get().submission is None
    # The link no longer works.
    assert client.post(path).status_code == 404

    # Nothing can be sent to the address again, whatever the form.
    france = Country.objects.get(iso2="FR")
    assert (
        services.sign_petition(world["petition"], name="X", email=ADDRESS, country=france, page="/") is None
    )
    assert services.subscribe(world["mailing_list"], email=ADDRESS.upper(), page="/") is None
    assert (
        services.start_action(
            world["action"],
            name="X",
            email=ADDRESS,
            country=france,
            letter_body="words {state}",
            targets=[france],
            page="/",
        )
        is None
    )
    assert privacy.request_export(ADDRESS) is False and privacy.request_erasure(ADDRESS) is None
    response = client.post(
        world["petition"].get_absolute_url(),
        {"name": "X", "email": ADDRESS, "country": "FR", "consent": "on", "website": ""},
    )
    assert response.status_code == 302  # same answer as for anyone else
    assert not OutboundEmail.objects.filter(to__iexact=ADDRESS).exists()
    assert not Signature.objects.exists()


def test_erasure_cancels_letters_not_yet_sent(world, supporter):
    queued = OutboundEmail.objects.filter(category="campaigns.mission", status="queued").count()
    assert queued == 2
    privacy.erase(ADDRESS)
    assert not OutboundEmail.objects.filter(category="campaigns.mission").exists()
    assert set(MissionMessage.objects.values_list("state", flat=True)) == {"cancelled", "no_address"}


def test_housekeeping_deletes_what_is_no_longer_needed(world):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from campaigns.models import RateLimitHit
    from mailer.models import ConsentRecord

    france = Country.objects.get(iso2="FR")
    stale = services.sign_petition(
        world["petition"], name="Old", email="old@example.org", country=france, page="/"
    )
    kept = services.sign_petition(
        world["petition"], name="Kept", email="kept@example.org", country=france, page="/"
    )
    confirmed = services.sign_petition(
        world["petition"], name="Yes", email="yes@example.org", country=france, page="/"
    )
    services.confirm_signature(confirmed)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Signature.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(created_at=long_ago)
    ConsentRecord.objects.update(given_at=long_ago)
    RateLimitHit.objects.create(key_hash="x", scope="petition", window_start=long_ago, count=3)
    call_command("campaigns_housekeeping", verbosity=0)
    assert set(Signature.objects.values_list("name", flat=True)) == {"Kept", "Yes"}
    assert not ConsentRecord.objects.filter(email_hash=email_hash("old@example.org")).exists()
    assert ConsentRecord.objects.filter(email_hash=email_hash("yes@example.org")).exists()
    assert not RateLimitHit.objects.exists()
    assert kept.pk in Signature.objects.values_list("pk", flat=True)
