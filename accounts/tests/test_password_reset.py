"""Password reset answers the same whether or not an account has the address, and sends its
mail through the mailer queue, never within the request."""

import re

import pytest
from django.conf import settings
from django.core import mail

from mailer.models import OutboundEmail

RESET = "/accounts/password-reset/"


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _ask(client, email):
    return client.post(RESET, {"email": email}, REMOTE_ADDR="198.51.100.20")


def _page(client, response) -> str:
    body = client.get(response["Location"]).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_the_admin_login_offers_the_reset(client, db):
    assert RESET in client.get("/admin/login/").content.decode()


def test_same_answer_and_same_path_for_known_and_unknown_addresses(
    client, curator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        known = _ask(client, "curator@example.org")
        unknown = _ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password-reset/sent/"
    assert _page(client, known) == _page(client, unknown)
    # Nothing was sent during the requests: one queued message for each address.
    assert mail.outbox == []
    queued = {email.to: email for email in OutboundEmail.objects.filter(category="password-reset")}
    assert set(queued) == {"curator@example.org", "nobody@example.org"}
    assert "/accounts/reset/" in queued["curator@example.org"].body_text
    assert "/accounts/reset/" not in queued["nobody@example.org"].body_text
    assert "no account uses this address" in queued["nobody@example.org"].body_text


def test_the_link_sets_a_new_password(client, curator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        _ask(client, "curator@example.org")
    body = OutboundEmail.objects.get(to="curator@example.org").body_text
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and "new_password1" in form_page.content.decode()
    new = "a much longer passphrase 4 us"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == "/accounts/reset/done/"
    curator.refresh_from_db()
    assert curator.check_password(new)
    # Used once: the link no longer works.
    assert "new_password1" not in client.get(link, follow=True).content.decode()


def test_repeated_requests_queue_nothing_more_and_answer_the_same(client, curator, settings):
    settings.PASSWORD_RESET_REQUESTS_PER_HOUR = 2
    answers = [_ask(client, "curator@example.org") for _ in range(4)]
    assert {a["Location"] for a in answers} == {"/accounts/password-reset/sent/"}
    assert OutboundEmail.objects.filter(to="curator@example.org").count() == 2


def test_reset_links_expire_within_the_hour():
    assert settings.PASSWORD_RESET_TIMEOUT <= 3600
