"""One confirmation path for every address we collect (mailer/confirmation.py): the same view,
token scheme, expiry and consent stamp for signatures, letters, mailing-list subscriptions and
follows by e-mail."""

import datetime
import re

import pytest
from django.urls import resolve
from django.utils import timezone

from campaigns import services as campaigns
from campaigns.tests.factories import make_world
from cases.models import Country
from cases.tests.factories import CaseFactory
from mailer import confirmation
from mailer.models import ConsentRecord, OutboundEmail
from tracking.models import Subscription as Follow
from tracking.services import subscriptions as follows

pytestmark = pytest.mark.django_db

ADDRESS = "confirm.me@example.org"


def _signature(world):
    france = Country.objects.get(iso2="FR")
    return campaigns.sign_petition(world["petition"], name="Ana", email=ADDRESS, country=france, page="/p/")


def _letter(world):
    return campaigns.start_action(
        world["action"],
        name="Ana",
        email=ADDRESS,
        country=Country.objects.get(iso2="FR"),
        letter_body="My own words to {state}.",
        targets=list(Country.objects.filter(iso2__in=["IE"])),
        page="/a/",
    )


def _subscription(world):
    return campaigns.subscribe(world["mailing_list"], email=ADDRESS, page="/s/")


def _follow(world):
    case = CaseFactory(title="Followed case", country=Country.objects.get(iso2="DJ"))
    return follows.subscribe(ADDRESS, follows.Scope(Follow.Kind.CASE, case=case), "en", page="/f/")


MAKERS = {"signature": _signature, "letter": _letter, "subscription": _subscription, "follow": _follow}


def test_every_kind_is_tested_here():
    from django.urls import reverse

    reverse("campaigns:list")  # load the URL patterns, which name the kinds
    assert set(confirmation.kinds()) == set(MAKERS)


def _mailed_link(row) -> str:
    [mail] = OutboundEmail.objects.filter(to=ADDRESS, body_text__contains=row.token)
    return re.search(rf"https?://[^/\s]+(/\S*{re.escape(row.token)}/)", mail.body_text).group(1)


@pytest.fixture
def world(db):
    return make_world()


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_one_view_one_token_get_changes_nothing_post_confirms(client, world, kind):
    row = MAKERS[kind](world)
    assert len(row.token) >= 43  # 256 random bits, stored with the row
    link = _mailed_link(row)
    assert resolve(link).func is confirmation.confirm

    assert client.get(link).status_code == 200
    client.head(link)  # what some mail scanners send
    row.refresh_from_db()
    assert row.confirmed_at is None
    [consent] = ConsentRecord.objects.filter(email_hash=row.email_hash)
    assert consent.confirmed_at is None and consent.text and consent.version and consent.page

    response = client.post(link)
    assert response.status_code == 302
    row.refresh_from_db()
    consent.refresh_from_db()
    assert row.confirmed_at is not None and consent.confirmed_at is not None
    assert b"data-confirm-done" in client.get(link).content  # says so, changes nothing
    assert client.post(link[:-5] + "xxxx/").status_code == 404


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_an_expired_link_answers_410_with_the_way_back(client, world, kind):
    row = MAKERS[kind](world)
    link = _mailed_link(row)
    type(row).objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(days=60))
    response = client.post(link)
    assert response.status_code == 410
    assert confirmation.kinds()[kind].restart_url(row) in response.content.decode()
    row.refresh_from_db()
    assert row.confirmed_at is None
