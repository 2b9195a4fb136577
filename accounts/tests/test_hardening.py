"""Headers, password hashing, sessions and the deployment check."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher

from accounts.middleware import LAST_ACTIVITY_KEY, SESSION_STARTED_KEY
from cases.tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_passwords_are_hashed_with_argon2(db, settings):
    """The suite hashes with MD5 for speed (conftest.py); production's own list comes first."""
    from endreprisals import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = UserFactory(username="hashcheck")
    user.set_password("a long passphrase for testing")
    assert identify_hasher(user.password).algorithm == "argon2"


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/admin/login/", "/api/v1/cases", "/no-such-page/"]
)
def test_every_response_carries_the_security_headers(client, db, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts(client, db):
    for path in ("/", "/accounts/login/", "/admin/login/", "/accounts/password-reset/"):
        body = client.get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), path
        assert not re.search(r"\son[a-z]+=\"", body), f"{path}: inline event handler"


def test_idle_sessions_end(client, researcher, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    client.force_login(researcher)
    client.get("/")
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 601
    session.save()
    client.get("/")
    assert "_auth_user_id" not in client.session


def test_a_session_used_every_half_hour_ends_at_its_absolute_lifetime(
    client, researcher, settings, monkeypatch
):
    """SESSION_COOKIE_AGE (8 hours) bounds a session's whole life, counted from the sign-in,
    however regularly it is used; the idle timeout alone never ends it."""
    settings.SESSION_IDLE_TIMEOUT = 30 * 60 + 60
    settings.SESSION_COOKIE_AGE = 8 * 3600
    clock = [1_000_000_000]
    monkeypatch.setattr("accounts.middleware.time.time", lambda: clock[0])
    client.force_login(researcher)
    assert client.session[SESSION_STARTED_KEY] == clock[0]
    for _ in range(16):  # a request every 30 minutes for 8 hours: still signed in
        clock[0] += 30 * 60
        client.get("/")
        assert "_auth_user_id" in client.session
    clock[0] += 30 * 60  # 8 h 30 after the sign-in
    client.get("/")
    assert "_auth_user_id" not in client.session


def test_a_session_without_a_start_counts_from_its_next_request(client, researcher, settings, monkeypatch):
    settings.SESSION_COOKIE_AGE = 3600
    clock = [2_000_000_000]
    monkeypatch.setattr("accounts.middleware.time.time", lambda: clock[0])
    client.force_login(researcher)
    session = client.session
    del session[SESSION_STARTED_KEY]
    session.save()
    client.get("/")
    assert client.session[SESSION_STARTED_KEY] == clock[0]
    clock[0] += 3601
    client.get("/")
    assert "_auth_user_id" not in client.session


def test_active_sessions_continue(client, researcher, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    client.force_login(researcher)
    client.get("/")
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 300
    session.save()
    client.get("/")
    assert client.session["_auth_user_id"] == str(researcher.pk)


def test_sessions_are_bounded():
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_HTTPONLY


def _production_env(**extra):
    # DJANGO_ALLOW_ASYNC_UNSAFE belongs to the suite's browser (conftest.py), not to production.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        ENDREPRISALS_ENV="production",
        SECRET_KEY="check-only-" + "k3y" * 20,
        INTAKE_PUBLIC_KEY="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="sqlite:////tmp/endreprisals-check-deploy.sqlite3",
        **extra,
    )
    return env


def test_check_deploy_is_clean():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_run_without_the_second_factor():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_production_env(TWO_FACTOR_REQUIRED="0"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "TWO_FACTOR_REQUIRED" in result.stderr
