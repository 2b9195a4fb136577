"""Sign-in throttling: per account name and per client network, with a lockout window, and no
network address (nor account name) stored."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts import throttle
from accounts.models import LoginThrottle
from cases.tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def limits(settings):
    # Argon2 is slow by design; these tests sign in dozens of times and test the counting.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LOGIN_THROTTLE_ACCOUNT_FAILURES = 5
    settings.LOGIN_THROTTLE_ADDRESS_FAILURES = 8
    settings.LOGIN_THROTTLE_WINDOW = 900
    settings.LOGIN_THROTTLE_LOCKOUT = 900


def _login(client, username, password, address="198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _locked_message(response) -> bool:
    return response.status_code == 200 and "Too many failed sign-in attempts" in response.content.decode()


def test_an_account_locks_after_repeated_failures(client, curator):
    for _ in range(5):
        response = _login(client, "curator", "wrong password")
        assert response.status_code == 200 and not _locked_message(response)
    # Even the right password is refused now, from any network.
    assert _locked_message(_login(client, "curator", PASSWORD))
    assert _locked_message(_login(Client(), "curator", PASSWORD, address="192.0.2.200"))
    # The lockout ends with its window.
    LoginThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert _login(client, "curator", PASSWORD).status_code == 302


def test_a_name_that_does_not_exist_locks_the_same_way(client, curator):
    """The lockout says nothing about whether an account exists."""
    answers = {}
    for name in ("curator", "nobody-by-this-name"):
        for _ in range(5):
            _login(Client(), name, "wrong password", address=f"192.0.2.{len(name)}")
        response = _login(Client(), name, "wrong password", address=f"192.0.2.{len(name)}")
        answers[name] = response.content.decode().replace(name, "NAME")
    assert "Too many failed sign-in attempts" in answers["curator"]
    strip = lambda body: body.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(answers["curator"]) == strip(answers["nobody-by-this-name"])


def test_a_network_locks_after_failures_across_names(client, curator):
    for number in range(8):
        _login(client, f"guess{number}", "wrong password", address="203.0.113.9")
    assert _locked_message(_login(client, "curator", PASSWORD, address="203.0.113.9"))
    # Another network is not affected.
    assert _login(Client(), "curator", PASSWORD, address="203.0.113.10").status_code == 302


def test_ipv6_clients_are_counted_per_64_network(rf):
    a = rf.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    b = rf.get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::2")
    c = rf.get("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert throttle.client_network(a) == throttle.client_network(b) != throttle.client_network(c)
    assert throttle.client_network(rf.get("/", REMOTE_ADDR="::ffff:192.0.2.1")) == "192.0.2.1"


def test_behind_a_proxy_the_right_most_forwarded_address_counts(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.4")
    assert throttle.client_network(request) == "198.51.100.4"


def test_success_clears_the_account_counter(client, curator):
    for _ in range(4):
        _login(client, "curator", "wrong password")
    assert _login(client, "curator", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):  # from another network: this one has used 4 of its 8
        _login(client, "curator", "wrong password", address="198.51.100.8")
    assert _login(client, "curator", PASSWORD, address="198.51.100.8").status_code == 302


def test_counts_start_again_after_the_window(client, curator):
    for _ in range(4):
        _login(client, "curator", "wrong password")
    LoginThrottle.objects.update(window_started_at=timezone.now() - timedelta(seconds=901))
    for _ in range(4):
        _login(client, "curator", "wrong password")
    assert not _locked_message(_login(client, "curator", "wrong password"))


def test_nothing_identifying_is_stored(client, curator):
    for _ in range(3):
        _login(client, "curator", "wrong password", address="198.51.100.77")
    rows = list(LoginThrottle.objects.values())
    assert {row["scope"] for row in rows} == {"account", "address"}
    text = repr(rows)
    assert "198.51.100" not in text and "'curator'" not in text
    account = next(row for row in rows if row["scope"] == "account")
    assert account["user_id"] == curator.pk  # so an administrator can lift the lockout


def test_the_researcher_login_page_is_throttled_too(client, db):
    UserFactory(username="reader")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "reader", "password": "nope"})
    response = client.post("/accounts/login/", {"username": "reader", "password": PASSWORD})
    assert _locked_message(response)
