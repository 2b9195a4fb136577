"""Following by e-mail: double opt-in (GET never confirms), digests through the worker and a
real SMTP server on loopback, safe repeated runs, one-click unsubscribe."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cases.models import Country
from cases.tests.factories import CaseFactory
from cases.visibility import Visibility
from mailer.models import ConsentRecord, OutboundEmail
from tracking.models import Subscription, TimelineEvent
from tracking.services import subscriptions as service
from tracking.services.digests import send_digest, send_digests

from .conftest import event


def _path(url):
    parts = urlsplit(url)
    return parts.path


def _link(text, kind):
    match = re.search(rf"https?://\S+/follow/{kind}/[^/\s]+/", text)
    assert match, text
    return _path(match.group(0))


def _confirm_link(email):
    return _link(email.body_text, "confirm")


@pytest.fixture
def open_case(db):
    return CaseFactory(title="Followed case", country=Country.objects.get(iso2="DJ"))


def _subscribe(client, url, address="ana@example.org"):
    return client.post(url, {"email": address, "consent": "on", "website": ""})


def test_confirmation_link_get_does_not_confirm_post_does(client, open_case):
    response = _subscribe(client, f"/cases/{open_case.public_id}/follow/", "Ana@Example.org ")
    assert response.status_code == 200 and "Check your e-mail" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.email == "ana@example.org" and subscription.confirmed_at is None
    [email] = OutboundEmail.objects.filter(category="tracking-confirm")
    link = _confirm_link(email)

    page = client.get(link)  # what a mail scanner does
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    client.get(link)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None

    response = client.post(link, follow=True)
    assert response.redirect_chain[0][0] == open_case.get_absolute_url()
    assert "Subscription confirmed" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert subscription.last_digest_at == subscription.confirmed_at


def test_confirmation_links_expire_and_cannot_be_forged(client, open_case, monkeypatch):
    _subscribe(client, f"/cases/{open_case.public_id}/follow/")
    link = _confirm_link(OutboundEmail.objects.get())
    assert client.post(link[:-3] + "xx/").status_code == 404
    legacy_unsubscribe = signing.dumps(
        [Subscription.objects.get().pk, "0" * 16], salt=service._UNSUBSCRIBE_SALT
    )
    assert client.post(f"/follow/confirm/{legacy_unsubscribe}/").status_code == 404  # other salt
    monkeypatch.setattr(service, "CONFIRM_MAX_AGE", datetime.timedelta(seconds=-1))
    expired = client.post(link)
    assert expired.status_code == 410 and f"/cases/{open_case.public_id}/follow/" in expired.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_links_mailed_before_the_one_token_scheme_still_work(client, open_case):
    """Confirmation and unsubscribe links were signed (pk and a tag of the address)."""
    _subscribe(client, f"/cases/{open_case.public_id}/follow/")
    subscription = Subscription.objects.get()
    tag = service._email_tag(subscription.email)
    old_confirm = signing.dumps([subscription.pk, tag], salt=service._CONFIRM_SALT)
    page = client.get(f"/follow/confirm/{old_confirm}/")
    assert page.status_code == 302 and page["Location"] == f"/follow/confirm/{subscription.token}/"
    client.post(page["Location"])
    assert Subscription.objects.get().confirmed_at is not None
    old_unsubscribe = signing.dumps([subscription.pk, tag], salt=service._UNSUBSCRIBE_SALT)
    assert client.post(f"/follow/unsubscribe/{old_unsubscribe}/").status_code == 200
    assert not Subscription.objects.exists()


def test_the_form_answers_the_same_whoever_is_subscribed(client, open_case):
    url = f"/cases/{open_case.public_id}/follow/"
    first = _subscribe(client, url).content.decode()
    service.confirm(Subscription.objects.get())
    again = _subscribe(client, url).content.decode()
    strip = lambda body: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)  # noqa: E731
    assert strip(first) == strip(again)
    assert OutboundEmail.objects.count() == 1  # confirmed: no new message
    assert Subscription.objects.count() == 1


def test_pending_subscriptions_per_address_are_capped(client, db):
    for _n in range(service.MAX_PENDING_PER_EMAIL + 2):
        case = CaseFactory()
        _subscribe(client, f"/cases/{case.public_id}/follow/", "flood@example.org")
    assert Subscription.objects.count() == service.MAX_PENDING_PER_EMAIL
    assert OutboundEmail.objects.count() == service.MAX_PENDING_PER_EMAIL


def test_only_public_cases_can_be_followed(client, hidden_cases):
    missing = client.post("/cases/nosuchcase/follow/", {"email": "a@example.org", "consent": "on"})
    for case in hidden_cases.values():
        response = client.post(
            f"/cases/{case.public_id}/follow/", {"email": "a@example.org", "consent": "on"}
        )
        assert response.status_code == missing.status_code == 404
    assert not Subscription.objects.exists()


def test_country_and_search_subscriptions(client, open_case):
    assert client.get("/countries/dj/follow/").status_code == 200
    _subscribe(client, "/countries/dj/follow/")
    _subscribe(client, "/cases/follow/?type=travel-ban&country=DJ&sort=title")
    country, search = Subscription.objects.order_by("kind")
    assert country.kind == "country" and country.country.iso2 == "DJ"
    assert search.kind == "search" and search.query == "country=DJ&type=travel-ban"
    assert (
        client.post("/cases/follow/?year=x", {"email": "a@example.org", "consent": "on"}).status_code == 400
    )
    assert client.post("/cases/follow/", {"email": "not an address", "consent": "on"}).status_code == 400


def test_digest_lists_only_public_changes_and_runs_once(db, open_case, hidden_cases):
    subscription = Subscription.objects.create(
        email="ana@example.org", kind="country", country=open_case.country, language="en"
    )
    start = timezone.now() - datetime.timedelta(days=2)
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=start, last_digest_at=start)
    event(open_case, datetime.date(2024, 2, 1), TimelineEvent.Kind.STATE_REPLY, response="denied")
    for case in hidden_cases.values():
        event(case, datetime.date(2024, 2, 1), TimelineEvent.Kind.OUTCOME, outcome="released")

    first = send_digests()
    assert (first.due, first.sent) == (1, 1)
    [email] = OutboundEmail.objects.filter(category="tracking-digest")
    assert "Followed case" in email.body_text and "denied" in email.body_text
    assert "Zyx" not in email.body_text and "Zyx" not in email.subject
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Again at once: not due; and forcing it finds no new change.
    assert send_digests().due == 0
    assert send_digests(every=datetime.timedelta(0)).sent == 0
    assert OutboundEmail.objects.filter(category="tracking-digest").count() == 1


def test_a_window_is_claimed_once_even_by_concurrent_runs(db, open_case):
    subscription = Subscription.objects.create(email="b@example.org", kind="case", case=open_case)
    start = timezone.now() - datetime.timedelta(days=2)
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=start, last_digest_at=start)
    event(open_case, datetime.date(2024, 2, 1), TimelineEvent.Kind.INCIDENT)
    stale = Subscription.objects.get()  # what a second, concurrent run read
    now = timezone.now()
    assert send_digest(Subscription.objects.get(), now) is True
    assert send_digest(stale, now) is False
    assert OutboundEmail.objects.filter(category="tracking-digest").count() == 1


def test_search_digest_uses_the_case_list_query(db):
    dj = Country.objects.get(iso2="DJ")
    match = CaseFactory(title="Travel ban case", country=dj, reprisal_types=["travel-ban"])
    CaseFactory(title="Other case", country=dj)
    subscription = Subscription.objects.create(email="c@example.org", kind="search", query="type=travel-ban")
    start = timezone.now() - datetime.timedelta(days=2)
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=start, last_digest_at=start)
    assert send_digests().sent == 1
    body = OutboundEmail.objects.get(category="tracking-digest").body_text
    assert match.title in body and "Other case" not in body


def test_unsubscribe_get_shows_a_button_post_deletes(db, open_case):
    subscription = Subscription.objects.create(email="d@example.org", kind="case", case=open_case)
    path = _path(service.unsubscribe_url(subscription))
    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert Subscription.objects.exists()
    # RFC 8058: the mail provider POSTs this body, without a CSRF token.
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert client.post(path).status_code == 200  # twice is not an error
    assert client.get(path).status_code == 404


def test_unconfirmed_subscriptions_are_purged(db, open_case):
    Subscription.objects.create(email="e@example.org", kind="case", case=open_case)
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert send_digests().purged == 1
    assert not Subscription.objects.exists()


def test_changing_visibility_stops_a_case_digest(db, open_case):
    subscription = Subscription.objects.create(email="f@example.org", kind="case", case=open_case)
    start = timezone.now() - datetime.timedelta(days=2)
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=start, last_digest_at=start)
    open_case.visibility = Visibility.RESTRICTED
    open_case.save()
    assert send_digests().sent == 0


@pytest.mark.django_db(transaction=True)
def test_double_opt_in_and_digest_over_smtp(reference_data, smtp_server, run_worker):
    case = CaseFactory(title="Case followed by e-mail", country=Country.objects.get(iso2="NI"))
    client = Client()
    client.post(f"/cases/{case.public_id}/follow/", {"email": "reader@example.org", "consent": "on"})
    assert smtp_server.messages == []  # never sent inside the request
    run_worker()
    [confirmation] = smtp_server.messages
    assert confirmation["To"] == "reader@example.org"
    link = _link(confirmation.get_body(("plain",)).get_content(), "confirm")
    client.get(link)
    assert Subscription.objects.get().confirmed_at is None
    client.post(link)
    assert Subscription.objects.get().confirmed_at is not None

    # A change after confirmation, then the digest run (twice: safe to repeat).
    Subscription.objects.update(last_digest_at=timezone.now() - datetime.timedelta(days=1))
    event(case, datetime.date(2025, 3, 4), TimelineEvent.Kind.OUTCOME, outcome="released")
    call_command("send_digests", verbosity=0)
    call_command("send_digests", "--every", "0", verbosity=0)
    run_worker()
    assert len(smtp_server.messages) == 2
    digest = smtp_server.messages[1]
    text = digest.get_body(("plain",)).get_content()
    assert "Case followed by e-mail" in text and "released" in text
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = _path(re.search(r"<([^>]+)>", str(digest["List-Unsubscribe"])).group(1))
    assert unsubscribe in text.replace("http://127.0.0.1:8000", "")

    # One-click unsubscribe, as a mail provider does it.
    Client(enforce_csrf_checks=True).post(
        unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert not Subscription.objects.exists()
    event(case, datetime.date(2025, 4, 4), TimelineEvent.Kind.INCIDENT)
    call_command("send_digests", "--every", "0", verbosity=0)
    run_worker()
    assert len(smtp_server.messages) == 2


def test_digest_subject_is_plain_text(db):
    case = CaseFactory(title="Smith & Jones <arrested>")
    subscription = Subscription.objects.create(email="g@example.org", kind="case", case=case)
    start = timezone.now() - datetime.timedelta(days=2)
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=start, last_digest_at=start)
    event(case, datetime.date(2024, 2, 1), TimelineEvent.Kind.INCIDENT)
    send_digests()
    email = OutboundEmail.objects.get(category="tracking-digest")
    assert "Smith & Jones <arrested>" in email.subject and "Smith & Jones <arrested>" in email.body_text


# --- The follow form is guarded like every form that collects an address ----------------------


def test_a_filled_honeypot_stores_and_sends_nothing(client, open_case):
    url = f"/cases/{open_case.public_id}/follow/"
    response = client.post(url, {"email": "bot@example.org", "consent": "on", "website": "http://spam"})
    assert response.status_code == 200 and "Check your e-mail" in response.content.decode()
    assert not Subscription.objects.exists() and not OutboundEmail.objects.exists()
    assert 'class="hp"' in client.get(url).content.decode()


def test_without_consent_nothing_is_stored(client, open_case):
    response = client.post(
        f"/cases/{open_case.public_id}/follow/", {"email": "ana@example.org", "website": ""}
    )
    assert response.status_code == 400 and "Please tick the box" in response.content.decode()
    assert 'value="ana@example.org"' in response.content.decode()  # what was typed is kept
    assert not Subscription.objects.exists() and not ConsentRecord.objects.exists()


def test_consent_is_recorded_with_its_wording_and_stamped_on_confirmation(client, open_case):
    _subscribe(client, f"/cases/{open_case.public_id}/follow/", "Ana@Example.org")
    subscription = Subscription.objects.get()
    [consent] = ConsentRecord.objects.all()
    assert consent.email_hash == subscription.email_hash
    assert (consent.purpose, consent.reference) == ("follow", f"follow:case/{open_case.public_id}")
    assert consent.text == str(service.CONSENT_TEXT) and consent.version == service.CONSENT_VERSION
    assert consent.page == f"/cases/{open_case.public_id}/follow/" and consent.confirmed_at is None
    client.post(_confirm_link(OutboundEmail.objects.get()))
    consent.refresh_from_db()
    assert consent.confirmed_at is not None


def test_the_follow_form_is_rate_limited_per_network(client, open_case, settings, monkeypatch):
    settings.CAMPAIGNS_RATE_LIMIT_COUNT = 2
    instant = timezone.now()
    monkeypatch.setattr("campaigns.ratelimit.timezone.now", lambda: instant)
    url = "/countries/dj/follow/"
    data = {"consent": "on", "website": ""}
    statuses = [
        client.post(
            url, {**data, "email": f"r{n}@example.org"}, REMOTE_ADDR=f"2001:db8:9:9::{n + 1}"
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 429, 429]
    assert Subscription.objects.count() == 2
    assert client.post(url, {**data, "email": "x@example.org"}, REMOTE_ADDR="192.0.2.50").status_code == 200
