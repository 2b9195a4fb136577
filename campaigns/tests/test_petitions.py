"""Petitions: double opt-in, one signature per address (also under concurrency), bad input,
honeypot, rate limit, reminders, exports."""

import datetime
import re
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import Petition, Signature
from cases.models import Country
from mailer.addresses import email_hash
from mailer.models import ConsentRecord, OutboundEmail

from .factories import campaigner, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


def _sign(client, petition, **overrides):
    data = {
        "name": "Ana Example",
        "email": "ana@example.org",
        "country": "FR",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return client.post(petition.get_absolute_url(), data)


def _confirm_link(email: OutboundEmail) -> str:
    return re.search(r"https?://\S+/campaigns/confirm/signature/\S+/", email.body_text).group(0)


def test_signing_needs_the_confirmation_link_and_only_post_confirms(client, world):
    petition = world["petition"]
    response = _sign(client, petition)
    assert response.status_code == 302 and response["Location"].endswith("/check-your-inbox/")
    signature = Signature.objects.get()
    assert signature.status == Signature.Status.PENDING
    assert services.petition_count(petition) == 0
    [mail] = OutboundEmail.objects.filter(to="ana@example.org")
    link = _confirm_link(mail)
    path = link.split("://", 1)[1].split("/", 1)[1]

    # A mail scanner prefetching the link changes nothing.
    page = client.get("/" + path)
    assert page.status_code == 200 and b"Confirm my signature" in page.content
    client.head("/" + path)
    signature.refresh_from_db()
    assert signature.status == Signature.Status.PENDING

    response = client.post("/" + path)
    assert response.status_code == 302 and response["Location"] == petition.get_absolute_url()
    signature.refresh_from_db()
    assert signature.status == Signature.Status.CONFIRMED and signature.confirmed_at
    assert services.petition_count(petition) == 1
    page = client.get(petition.get_absolute_url())
    assert b'data-petition-count data-petition-count-url="' in page.content
    assert re.search(rb"data-petition-count[^>]*>1<", page.content)

    consent = ConsentRecord.objects.get()
    assert consent.text == petition.consent_text and consent.version == "3"
    assert consent.page == petition.get_absolute_url() and consent.confirmed_at is not None
    assert consent.email_hash == email_hash("ana@example.org")


def test_one_signature_per_address_whatever_its_case(client, world):
    petition = world["petition"]
    _sign(client, petition)
    _sign(client, petition, email="  ANA@Example.ORG ", name="Someone Else")
    assert Signature.objects.count() == 1
    signature = Signature.objects.get()
    assert signature.name == "Ana Example"  # a second submission cannot rename the signer
    services.confirm_signature(signature)
    _sign(client, petition, email="ana@example.org")
    assert Signature.objects.count() == 1 and services.petition_count(petition) == 1
    assert (
        OutboundEmail.objects.filter(
            category="campaigns.signature", subject__startswith="You have already"
        ).count()
        == 1
    )


def test_a_second_petition_takes_its_own_signature(client, world):
    other = Petition.objects.create(
        campaign=world["campaign"], slug="other", title="Other", addressee="x", text="y", consent_text="z"
    )
    _sign(client, world["petition"])
    _sign(client, other)
    assert Signature.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", b"Enter a valid email address"),
        ({"name": "   "}, "name", b"This field is required"),
        ({"name": "<script>x</script>"}, "name", b"cannot contain"),
        ({"country": "ZZ"}, "country", b"Select a valid choice"),
        ({"consent": ""}, "consent", b"Please tick the box"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_typed_is_lost(client, world, overrides, field, message):
    response = _sign(client, world["petition"], **overrides)
    assert response.status_code == 400
    assert message in response.content
    assert b"Everything you typed is still here" in response.content
    if field != "email":
        assert b'value="ana@example.org"' in response.content
    if field != "name":
        assert b'value="Ana Example"' in response.content
    assert not Signature.objects.exists() and not OutboundEmail.objects.exists()


def test_honeypot_gets_the_normal_answer_and_nothing_is_stored(client, world):
    response = _sign(client, world["petition"], website="http://spam.example")
    assert response.status_code == 302
    assert not Signature.objects.exists() and not OutboundEmail.objects.exists()


def test_rate_limit_per_network_address_keeps_the_form(client, world, settings, monkeypatch):
    settings.CAMPAIGNS_RATE_LIMIT_COUNT = 2
    # One instant for every submission: the windows start at multiples of ten minutes, and a
    # slow run crossing one between the second and third submission would start a new count.
    instant = timezone.now()
    monkeypatch.setattr("campaigns.ratelimit.timezone.now", lambda: instant)
    for n in range(2):
        assert _sign(client, world["petition"], email=f"p{n}@example.org").status_code == 302
    response = _sign(client, world["petition"], email="p3@example.org")
    assert response.status_code == 429
    assert b"Too many" in response.content and b'value="p3@example.org"' in response.content
    # Another network is not affected, and only a hash of the address is stored.
    assert _sign_from(client, world["petition"], "p4@example.org", REMOTE_ADDR="10.9.9.9") == 302
    from campaigns.models import RateLimitHit

    stored = " ".join(f"{h.key_hash} {h.scope}" for h in RateLimitHit.objects.all())
    assert "127.0.0.1" not in stored


def test_rate_limit_separates_addresses(rf, world, settings):
    from campaigns import ratelimit

    settings.CAMPAIGNS_RATE_LIMIT_COUNT = 1
    first, second = rf.post("/", REMOTE_ADDR="10.0.0.1"), rf.post("/", REMOTE_ADDR="10.0.0.2")
    assert ratelimit.hit(first, "petition") and not ratelimit.hit(first, "petition")
    assert ratelimit.hit(second, "petition")


def test_finished_windows_are_swept_at_most_once_a_minute(rf, world):
    from datetime import timedelta

    from django.utils import timezone

    from campaigns import conf, ratelimit
    from campaigns.models import RateLimitHit

    long_ago = timezone.now() - timedelta(seconds=conf.get("CAMPAIGNS_RATE_LIMIT_WINDOW") * 3)
    ratelimit.sweep.reset()
    RateLimitHit.objects.create(key_hash="old", scope="petition", window_start=long_ago, count=1)
    ratelimit.hit(rf.post("/", REMOTE_ADDR="10.0.0.1"), "petition")
    assert not RateLimitHit.objects.filter(key_hash="old").exists()
    # Within the minute, a hit only counts: the finished window written now stays until later.
    RateLimitHit.objects.create(key_hash="old", scope="petition", window_start=long_ago, count=1)
    ratelimit.hit(rf.post("/", REMOTE_ADDR="10.0.0.2"), "petition")
    assert RateLimitHit.objects.filter(key_hash="old").exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_from_one_address_are_each_counted(rf, reference_data, settings):
    from django.db import connections

    from campaigns import ratelimit
    from campaigns.models import RateLimitHit

    settings.CAMPAIGNS_RATE_LIMIT_COUNT = 3
    barrier = threading.Barrier(6)
    allowed, errors = [], []

    def hit():
        try:
            barrier.wait()
            allowed.append(ratelimit.hit(rf.post("/", REMOTE_ADDR="10.0.0.7"), "petition"))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(allowed) == [False, False, False, True, True, True]
    assert RateLimitHit.objects.get().count == 6


def test_closed_petition_refuses_signatures(client, world):
    Petition.objects.filter(pk=world["petition"].pk).update(is_open=False)
    response = _sign(client, world["petition"])
    assert response.status_code == 400 and not Signature.objects.exists()


def test_expired_link_does_not_confirm(client, world, settings):
    services.sign_petition(
        world["petition"], name="A", email="a@example.org", country=Country.objects.get(iso2="FR"), page="/"
    )
    signature = Signature.objects.get()
    Signature.objects.filter(pk=signature.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    url = reverse("campaigns:confirm-signature", args=[signature.token])
    assert client.post(url).status_code == 410
    signature.refresh_from_db()
    assert signature.status == Signature.Status.PENDING


def test_unknown_token_answers_404(client, world):
    assert client.get(reverse("campaigns:confirm-signature", args=["nope"])).status_code == 404
    assert client.post(reverse("campaigns:confirm-signature", args=["nope"])).status_code == 404


def test_reminder_goes_once_to_unconfirmed_signers(world):
    france = Country.objects.get(iso2="FR")
    pending = services.sign_petition(
        world["petition"], name="P", email="p@example.org", country=france, page="/"
    )
    done = services.sign_petition(
        world["petition"], name="D", email="d@example.org", country=france, page="/"
    )
    fresh = services.sign_petition(
        world["petition"], name="F", email="f@example.org", country=france, page="/"
    )
    services.confirm_signature(done)
    old = timezone.now() - datetime.timedelta(hours=72)
    Signature.objects.filter(pk__in=[pending.pk, done.pk]).update(created_at=old)
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    reminders = OutboundEmail.objects.filter(subject__startswith="Reminder")
    assert [m.to for m in reminders] == ["p@example.org"]
    assert "/campaigns/confirm/signature/" in reminders[0].body_text
    fresh.refresh_from_db()
    assert fresh.reminded_at is None


def test_reminder_command(world):
    from django.core.management import call_command

    services.sign_petition(
        world["petition"], name="P", email="p@example.org", country=Country.objects.get(iso2="FR"), page="/"
    )
    Signature.objects.update(created_at=timezone.now() - datetime.timedelta(hours=72))
    call_command("campaigns_remind", verbosity=0)
    call_command("campaigns_remind", verbosity=0)
    assert OutboundEmail.objects.filter(subject__startswith="Reminder").count() == 1


def test_count_endpoint_counts_confirmed_only(client, world):
    france = Country.objects.get(iso2="FR")
    a = services.sign_petition(world["petition"], name="A", email="a@example.org", country=france, page="/")
    services.sign_petition(world["petition"], name="B", email="b@example.org", country=france, page="/")
    services.confirm_signature(a)
    url = reverse("campaigns:petition-count", args=[world["campaign"].slug, world["petition"].slug])
    response = client.get(url)
    assert response.json() == {"petition": "free-them", "confirmed_signatures": 1}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_count_uses_the_index_not_a_counter_row(world):
    """The live count is a COUNT over the (petition, status) index."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM campaigns_signature WHERE petition_id = %s AND status = %s",
                [world["petition"].pk, "confirmed"],
            )
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "signature_count_idx" in plan or "signature_one_per_email" in plan


@pytest.mark.django_db(transaction=True)
def test_concurrent_signatures_of_one_address_make_one_signature(reference_data):
    world = make_world()
    petition = world["petition"]
    france = Country.objects.get(iso2="FR")
    # Warm up (URL configuration, templates) so the race is about the database only.
    services.sign_petition(petition, name="Other", email="other@example.org", country=france, page="/")
    barrier = threading.Barrier(6)
    results, errors = [], []

    def sign(n):
        from django.db import connections

        try:
            barrier.wait()
            results.append(
                services.sign_petition(
                    petition, name=f"Signer {n}", email="Same@Example.org", country=france, page="/"
                ).pk
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert Signature.objects.filter(petition=petition, email_hash=email_hash("same@example.org")).count() == 1
    assert len(set(results)) == 1 and len(results) == 6
    assert ConsentRecord.objects.filter(email_hash=email_hash("same@example.org")).count() == 1


def test_exports_are_for_campaign_staff_only(client, world, curator):
    france = Country.objects.get(iso2="FR")
    confirmed = services.sign_petition(
        world["petition"], name="=HYPERLINK(1)", email="c@example.org", country=france, page="/"
    )
    services.sign_petition(
        world["petition"], name="Pending Person", email="p@example.org", country=france, page="/"
    )
    services.confirm_signature(confirmed)
    csv_url = reverse("campaigns:staff-signatures-csv", args=[world["petition"].pk])
    print_url = reverse("campaigns:staff-signatures-print", args=[world["petition"].pk])
    assert client.get(csv_url).status_code == 302  # to the sign-in page
    client.force_login(curator)
    assert client.get(csv_url).status_code == 403
    assert client.get(print_url).status_code == 403
    client.force_login(campaigner())
    body = b"".join(client.get(csv_url)).decode()
    assert "'=HYPERLINK(1)" in body and "France" in body
    assert "Pending Person" not in body and "c@example.org" not in body
    page = client.get(print_url).content.decode()
    assert "=HYPERLINK(1)" in page and "Pending Person" not in page and "1 confirmed signature" in page
    from audit.models import AuditEvent

    exports = AuditEvent.objects.filter(action="export", object_type="campaigns.petition")
    assert sorted(exports.values_list("via", flat=True)) == [
        "campaigns.signatures.csv",
        "campaigns.signatures.html",
    ]


def test_public_surfaces_never_show_supporters(client, world):
    france = Country.objects.get(iso2="FR")
    signature = services.sign_petition(
        world["petition"],
        name="Zqxsupporter Name",
        email="zqx.supporter@example.org",
        country=france,
        page="/",
    )
    services.confirm_signature(signature)
    campaign = world["campaign"]
    for url in [
        "/campaigns/",
        campaign.get_absolute_url(),
        world["petition"].get_absolute_url(),
        reverse("campaigns:petition-count", args=[campaign.slug, world["petition"].slug]),
        "/campaigns/updates.atom",
        reverse("campaigns:campaign-feed", args=[campaign.slug]),
        world["action"].get_absolute_url(),
    ]:
        body = b"".join(client.get(url)).decode()
        assert "Zqxsupporter" not in body and "zqx.supporter" not in body, url


def _one_instant(monkeypatch):
    instant = timezone.now()
    monkeypatch.setattr("campaigns.ratelimit.timezone.now", lambda: instant)


def _sign_from(client, petition, email, **meta):
    data = {"name": "Ana Example", "email": email, "country": "FR", "consent": "on", "website": ""}
    return client.post(petition.get_absolute_url(), data, **meta).status_code


def test_twenty_five_addresses_of_one_ipv6_64_are_limited_like_one(client, world, monkeypatch):
    """A machine may use any address of its /64: counting each apart let 25 of 25 through."""
    _one_instant(monkeypatch)
    petition = world["petition"]
    statuses = [
        _sign_from(client, petition, f"v6-{n}@example.org", REMOTE_ADDR=f"2001:db8:5:6:{n:x}::{n + 1:x}")
        for n in range(25)
    ]
    limit = 10  # CAMPAIGNS_RATE_LIMIT_COUNT's default
    assert statuses == [302] * limit + [429] * (25 - limit)
    # The next /64 is another network, and IPv4 clients are still counted one by one.
    assert _sign_from(client, petition, "v6-next@example.org", REMOTE_ADDR="2001:db8:5:7::1") == 302
    assert _sign_from(client, petition, "v4@example.org", REMOTE_ADDR="192.0.2.77") == 302


def test_a_spoofed_forwarded_prefix_does_not_change_the_key(client, world, settings, monkeypatch):
    """Behind a proxy the key was the whole X-Forwarded-For header: each forged prefix was a new
    client. Now only the address the proxy appended counts."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CAMPAIGNS_RATE_LIMIT_COUNT = 3
    _one_instant(monkeypatch)
    statuses = [
        _sign_from(
            client,
            world["petition"],
            f"spoof-{n}@example.org",
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 10.{n}.0.1, 198.51.100.4",
        )
        for n in range(6)
    ]
    assert statuses == [302, 302, 302, 429, 429, 429]
    # Another client behind the same proxy is counted apart.
    other = _sign_from(
        client,
        world["petition"],
        "other@example.org",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.5",
    )
    assert other == 302
