"""Mailing list: double opt-in, unsubscribe (page with a button, and RFC 8058 one-click), and
staff mailings sent by the worker after a dry run."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from campaigns import mailings, services
from campaigns.models import Mailing, MailingDelivery, Subscription
from mailer.models import ConsentRecord, OutboundEmail

from .factories import campaigner, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world(with_missions=False)


def _subscribe(client, **overrides):
    data = {
        "email": "reader@example.org",
        "consent": "on",
        "website": "",
        "page": "/campaigns/stop-reprisals/",
    }
    data.update(overrides)
    return client.post(reverse("campaigns:subscribe"), data)


def test_subscription_needs_confirmation_and_records_consent(client, world):
    response = _subscribe(client)
    assert response.status_code == 200 and b"Check your inbox" in response.content
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.PENDING
    [mail] = OutboundEmail.objects.all()
    path = re.search(r"/campaigns/confirm/subscription/\S+/", mail.body_text).group(0)
    assert client.get(path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING
    client.post(path)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED
    consent = ConsentRecord.objects.get()
    assert (consent.purpose, consent.text, consent.version, consent.page) == (
        "mailing_list",
        "Yes, e-mail me news.",
        "2",
        "/campaigns/stop-reprisals/",
    )
    assert consent.confirmed_at is not None


def test_subscribe_form_errors_keep_the_address(client, world):
    response = _subscribe(client, consent="")
    assert response.status_code == 400 and b"Please tick the box" in response.content
    assert b'value="reader@example.org"' in response.content
    assert not Subscription.objects.exists()


def test_unsubscribe_page_needs_the_button_and_one_click_post_works(world):
    subscription = services.subscribe(world["mailing_list"], email="reader@example.org", page="/")
    services.confirm_subscription(subscription)
    client = Client(enforce_csrf_checks=True)
    url = reverse("campaigns:unsubscribe", args=[subscription.token])
    assert client.get(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED
    # What a mail provider sends for RFC 8058 one-click: a POST without any form token.
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    headers = services.unsubscribe_headers(subscription)
    assert headers["List-Unsubscribe"] == f"<http://testserver{url}>" or headers["List-Unsubscribe"].endswith(
        f"{url}>"
    )
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_resubscribing_after_unsubscribing_needs_a_new_confirmation(world):
    subscription = services.subscribe(world["mailing_list"], email="reader@example.org", page="/")
    services.confirm_subscription(subscription)
    services.unsubscribe(subscription)
    again = services.subscribe(world["mailing_list"], email="reader@example.org", page="/again/")
    assert again.pk == subscription.pk and again.status == Subscription.Status.PENDING
    assert ConsentRecord.objects.filter(page="/again/").exists()


def test_mailing_requires_a_current_dry_run(world):
    mailing = Mailing.objects.create(mailing_list=world["mailing_list"], subject="News", body="Hello.")
    with pytest.raises(mailings.MailingError, match="dry run"):
        mailings.start(mailing, 0)
    subscription = services.subscribe(world["mailing_list"], email="a@example.org", page="/")
    services.confirm_subscription(subscription)
    assert mailings.dry_run(mailing) == 1
    services.confirm_subscription(services.subscribe(world["mailing_list"], email="b@example.org", page="/"))
    with pytest.raises(mailings.MailingError, match="changed since the dry run"):
        mailings.start(mailing, 1)


def test_staff_page_dry_run_and_send_permissions(client, world, curator):
    mailing = Mailing.objects.create(mailing_list=world["mailing_list"], subject="News", body="Hello.")
    url = reverse("campaigns:staff-mailing", args=[mailing.pk])
    client.force_login(curator)
    assert client.get(url).status_code == 403
    client.force_login(campaigner())
    client.post(url, {"step": "dry_run"})
    mailing.refresh_from_db()
    assert mailing.dry_run_count == 0 and mailing.dry_run_at is not None
    assert "Send to 0 recipients" in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_mailing_goes_through_the_worker_with_one_click_unsubscribe(
    reference_data, smtp_server, run_worker, client
):
    world = make_world(with_missions=False)
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        subscription = services.subscribe(world["mailing_list"], email=address, page="/")
        if address != "c@example.org":
            services.confirm_subscription(subscription)
    run_worker()
    smtp_server.messages.clear()
    mailing = Mailing.objects.create(
        mailing_list=world["mailing_list"], subject="Big news", body="First.\n\nSecond."
    )
    staff = campaigner()
    client.force_login(staff)
    url = reverse("campaigns:staff-mailing", args=[mailing.pk])
    client.post(url, {"step": "dry_run"})
    assert smtp_server.messages == []
    response = client.post(url, {"step": "send", "expected": "2"})
    assert response.status_code == 302
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENDING
    run_worker()  # runs send_mailing, which queues the messages
    run_worker()  # delivers them
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert sorted(m["To"] for m in smtp_server.messages) == ["a@example.org", "b@example.org"]
    message = smtp_server.messages[0]
    assert message["Subject"] == "Big news"
    unsubscribe = str(message["List-Unsubscribe"]).strip()  # long values are folded onto the next line
    assert unsubscribe.startswith("<http") and "/campaigns/unsubscribe/" in unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mailings.progress(mailing)["sent"] == 2
    page = client.get(url).content.decode()
    assert "a@example.org" in page and "2 of 2 sent" in page
    # Sending again queues nothing new.
    mailings.send(mailing.pk)
    assert (
        MailingDelivery.objects.count() == 2
        and OutboundEmail.objects.filter(category="campaigns.mailing").count() == 2
    )
