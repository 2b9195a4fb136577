"""Project-wide fixtures: reference data in the test database, and the personas every test
suite uses (visitor, researcher, partner with a restricted grant, curator, reviewer, campaigner,
administrator)."""

import os
import socket
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from cases.models import AccessGrant, Country
from cases.reference.loader import load_reference
from cases.roles import CURATORS, RESEARCHERS, REVIEWERS
from cases.tests.factories import UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture
def reference_data(transactional_db):
    """For transactional tests (live server, browser), whose flush empties every table."""
    load_reference()


@pytest.fixture(autouse=True)
def _second_factor_not_required(settings):
    """The personas sign in with force_login, which skips the second factor (TOTP); tests in
    accounts/ turn TWO_FACTOR_REQUIRED back on to test it (docs/security.md)."""
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def researcher(db):
    user = UserFactory(username="researcher")
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    return user


@pytest.fixture
def partner(db):
    """A partner organisation's researcher, granted the confidential records of one country."""
    user = UserFactory(username="partner")
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    AccessGrant.objects.create(
        user=user, country=Country.objects.get(iso2="DJ"), level=AccessGrant.Level.CONFIDENTIAL
    )
    return user


@pytest.fixture
def curator(db):
    user = UserFactory(username="curator", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


@pytest.fixture
def reviewer(db):
    user = UserFactory(username="reviewer", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


@pytest.fixture
def campaigner(db):
    """Staff who run campaigns, without any grant."""
    user = UserFactory(username="campaigner", is_staff=True)
    user.groups.add(Group.objects.get(name="Campaigners"))
    return user


@pytest.fixture
def administrator(db):
    return UserFactory(username="administrator", is_staff=True, is_superuser=True)


CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent / "test-artifacts" / "screenshots"


class Browser:
    """Opens pages on the live server and records any request that leaves it."""

    def __init__(self, chromium, base_url):
        self.chromium, self.base_url = chromium, base_url
        self.pages, self.outside = [], []

    def new_page(self, javascript=True, **options):
        page = self.chromium.new_page(java_script_enabled=javascript, **options)
        page.on("request", self._check)
        self.pages.append(page)
        return page

    def _check(self, req):
        if not req.url.startswith((self.base_url, "data:")):
            self.outside.append(req.url)


def pytest_configure(config):
    """Tests hash passwords with MD5: Argon2 (production's hasher) costs about half a second per
    user a factory creates. accounts/tests/test_hardening.py checks production's list itself."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _chromium():
    """One Chromium for the whole session (each test opens its own pages, in fresh contexts):
    starting the browser cost about a second per browser test."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are
    # still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
            yield chromium
            chromium.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def browser(_chromium, live_server, reference_data, request):
    """Debian's Chromium through Playwright (never a downloaded browser). Skips when Chromium
    is absent, unless REQUIRE_BROWSER is set (CI), where its absence is a failure. Pages must
    make no third-party request; a screenshot of each page is kept under test-artifacts/."""
    session = Browser(_chromium, live_server.url)
    yield session
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(session.pages):
        if not page.is_closed():
            page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-{number}.png"), full_page=True)
        page.context.close()
    assert not session.outside, f"third-party requests: {session.outside}"


class MailSink:
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes
        from email.policy import default

        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """Points Django's SMTP backend at a real SMTP server on 127.0.0.1 for this test."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free loopback port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield sink
    controller.stop()


@pytest.fixture
def run_worker():
    """Runs the real database task worker until its queues are empty: `queue` ("default", as
    `make run`'s first worker; "ingest" for reports; "*" for both)."""
    from django.core.management import call_command

    def run(queue: str = "*"):
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0.1",
            "--queue-name",
            queue,
            verbosity=0,
        )

    return run
