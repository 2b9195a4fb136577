"""Suppression is checked where every e-mail is queued (mailer.services.queue_email) and again
by the worker before delivery, so no app can write to an erased address.

The failure this guards against: a supporter's address was erased and suppressed, yet a
confirmed follow-by-e-mail subscription (tracking) survived and the next digest was queued to
it, because only the campaigns app knew about the suppression list."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns import services as campaigns
from campaigns.tests.factories import make_world
from cases.models import Country
from cases.tests.factories import CaseFactory
from mailer.addresses import email_hash, is_suppressed, suppress
from mailer.models import OutboundEmail, Suppression
from mailer.services import deliver, queue_email
from tracking.models import Subscription as Follow
from tracking.models import TimelineEvent
from tracking.services import subscriptions as follows
from tracking.services.digests import send_digests

pytestmark = pytest.mark.django_db

ADDRESS = "erased.supporter@example.org"


def _queue(**kwargs):
    kwargs.setdefault("to", "someone@example.org")
    return queue_email("mailer/email/test", context={"name": "Ana"}, category="test", **kwargs)


def _confirmed_follow(case, address=ADDRESS) -> Follow:
    follow = follows.subscribe(address, follows.Scope(Follow.Kind.CASE, case=case), "en")
    follows.confirm(follow)
    Follow.objects.filter(pk=follow.pk).update(last_digest_at=timezone.now() - datetime.timedelta(days=2))
    return follow


def test_erase_and_suppress_ends_follows_and_the_next_digest(client):
    world = make_world()
    case = CaseFactory(title="Followed case", country=Country.objects.get(iso2="DJ"))
    france = Country.objects.get(iso2="FR")
    campaigns.confirm_signature(
        campaigns.sign_petition(world["petition"], name="Ana", email=ADDRESS, country=france, page="/p/")
    )
    _confirmed_follow(case)
    assert Follow.objects.filter(email=ADDRESS, confirmed_at__isnull=False).exists()

    # The supporter erases their data through the public page and the link mailed to them.
    client.post(reverse("campaigns:my-data"), {"email": ADDRESS, "request": "erase", "website": ""})
    [mail] = OutboundEmail.objects.filter(to=ADDRESS, category="campaigns.privacy")
    client.post(re.search(r"/campaigns/my-data/erase/\S+/", mail.body_text).group(0))

    assert is_suppressed(ADDRESS)
    assert not Follow.objects.filter(email_hash=email_hash(ADDRESS)).exists()
    TimelineEvent.objects.create(case=case, date=datetime.date(2024, 2, 1), kind=TimelineEvent.Kind.INCIDENT)
    assert send_digests().sent == 0
    assert not OutboundEmail.objects.filter(to__iexact=ADDRESS).exists()
    # Following again stores nothing and sends nothing (the page answers as for anyone).
    response = client.post(
        f"/cases/{case.public_id}/follow/", {"email": ADDRESS.upper(), "consent": "on", "website": ""}
    )
    assert response.status_code == 200
    assert not Follow.objects.exists() and not OutboundEmail.objects.filter(to__iexact=ADDRESS).exists()


def test_a_follow_that_outlives_a_suppression_gets_no_digest(db):
    """Suppressed without an erasure (a complaint): the row is still there, the digest is not."""
    case = CaseFactory(title="Followed case", country=Country.objects.get(iso2="DJ"))
    _confirmed_follow(case)
    _confirmed_follow(case, "still.reading@example.org")
    suppress(ADDRESS, reason="complaint")
    TimelineEvent.objects.create(case=case, date=datetime.date(2024, 2, 1), kind=TimelineEvent.Kind.INCIDENT)
    run = send_digests()
    assert (run.due, run.sent) == (2, 1)
    assert list(OutboundEmail.objects.filter(category="tracking-digest").values_list("to", flat=True)) == [
        "still.reading@example.org"
    ]


@pytest.mark.parametrize(
    "spelling", [ADDRESS, ADDRESS.upper(), f"  {ADDRESS}\n", "Erased.Supporter@EXAMPLE.org"]
)
@pytest.mark.parametrize("field", ["to", "reply_to"])
def test_queue_email_refuses_a_suppressed_recipient_or_reply_to(db, spelling, field):
    suppress(ADDRESS)
    assert _queue(**{field: spelling}) is None
    assert not OutboundEmail.objects.exists()
    assert _queue(to="other@example.org") is not None  # others are not affected


def test_every_app_that_mails_goes_through_the_check(db):
    """Password resets, mailing lists, petitions: each queues through queue_email."""
    from accounts.forms import QueuedPasswordResetForm

    world = make_world()
    suppress(ADDRESS)
    assert campaigns.subscribe(world["mailing_list"], email=ADDRESS, page="/") is None
    form = QueuedPasswordResetForm({"email": ADDRESS})
    assert form.is_valid()
    form.save(request=None)
    assert not OutboundEmail.objects.filter(to__iexact=ADDRESS).exists()


@pytest.mark.django_db(transaction=True)
def test_a_message_queued_before_the_suppression_is_cancelled_not_sent(smtp_server, run_worker):
    email = _queue(to=ADDRESS)
    suppress(ADDRESS)
    run_worker()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.CANCELLED
    assert smtp_server.messages == []
    assert deliver(email.pk) == "not-claimed"


def test_suppression_keeps_only_a_hash(db):
    suppress(ADDRESS)
    suppress(ADDRESS.upper())  # once per address
    [row] = Suppression.objects.values_list("email_hash", "reason")
    assert row == (email_hash(ADDRESS), "erasure") and ADDRESS not in str(row)
