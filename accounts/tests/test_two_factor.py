"""The second factor: who needs it, enrolment with an inline QR code, verification, and the
middleware that allows no page (public site, API, admin) before it."""

import re

import pytest
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.policy import requires_two_factor
from cases.models import AccessGrant, Country
from cases.roles import REVIEWERS
from cases.tests.factories import UserFactory

from .helpers import confirmed_device, token_for, wrong_token

SETUP, VERIFY = "/accounts/two-factor/setup/", "/accounts/two-factor/"


def _forget_failures(device):
    """django-otp makes each wrong code double the wait before the next try (1 s after one)."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


def test_who_must_use_a_second_factor(researcher, partner, curator, administrator):
    visitor_grant = UserFactory(username="restricted-only")
    AccessGrant.objects.create(
        user=visitor_grant, country=Country.objects.get(iso2="FR"), level=AccessGrant.Level.RESTRICTED
    )
    reviewer = UserFactory(username="reviewer")
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    assert not requires_two_factor(researcher)
    assert requires_two_factor(partner)  # a confidential grant
    assert requires_two_factor(visitor_grant)  # any grant
    assert requires_two_factor(reviewer)  # every restricted record
    assert requires_two_factor(curator)
    assert requires_two_factor(administrator)


@pytest.mark.parametrize("path", ["/", "/cases/", "/api/v1/cases", "/admin/", "/admin/cases/case/"])
def test_no_page_before_enrolment(client, partner, administrator, path):
    for user in (partner, administrator):
        client.force_login(user)
        response = client.get(path)
        assert response.status_code == 302, (user, path)
        assert response["Location"].startswith(SETUP + "?next=")


def test_researcher_without_grants_is_not_asked(client, researcher):
    client.force_login(researcher)
    assert client.get("/cases/").status_code == 200


def test_enrolment_shows_an_inline_qr_code_and_confirms_with_a_code(client, curator):
    client.force_login(curator)
    response = client.get(SETUP + "?next=/admin/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "<img" not in body.split('id="content-main"')[1]
    assert "otpauth://" not in body  # the URI is only inside the QR code
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\ssrc=)", body), "inline script"
    device = TOTPDevice.objects.get(user=curator)
    assert not device.confirmed
    # Reloading keeps the same key (the phone may already have scanned it).
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=curator).count() == 1

    wrong = client.post(SETUP, {"token": wrong_token(device), "next": "/admin/"})
    assert wrong.status_code == 200 and "not right" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    _forget_failures(device)
    session_key = client.session.session_key
    right = client.post(SETUP, {"token": token_for(device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.session.session_key != session_key  # a new session id once elevated
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_enrolled_users_verify_each_session(client, partner):
    device = confirmed_device(partner)
    client.force_login(partner)
    response = client.get("/cases/?country=DJ")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY + "?next=")
    # No new device can be enrolled past the existing one.
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"token": wrong_token(device)}).status_code == 200
    _forget_failures(device)
    done = client.post(VERIFY, {"token": token_for(device), "next": "/cases/?country=DJ"})
    assert done.status_code == 302 and done["Location"] == "/cases/?country=DJ"
    assert client.get("/cases/?country=DJ").status_code == 200
    # A new session asks again.
    client.logout()
    client.force_login(partner)
    assert client.get("/cases/").status_code == 302


def test_next_cannot_leave_the_site(client, partner):
    device = confirmed_device(partner)
    client.force_login(partner)
    response = client.post(VERIFY, {"token": token_for(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/cases/"  # where researchers land


def test_wrong_codes_are_throttled(client, partner):
    device = confirmed_device(partner)
    client.force_login(partner)
    for _ in range(3):
        client.post(VERIFY, {"token": wrong_token(device)})
    # django-otp's backoff: even the right code is refused while throttled.
    response = client.post(VERIFY, {"token": token_for(device)})
    assert response.status_code == 200
    assert "Too many wrong codes" in response.content.decode()


def test_sign_out_remains_possible_before_the_second_factor(client, partner):
    client.force_login(partner)
    response = client.post("/accounts/logout/")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_admin_login_leads_to_the_second_factor(client, curator):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "curator", "password": "correct horse battery staple", "next": "/admin/"},
    )
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"].startswith(SETUP)
