"""Upload, progress and review in a real browser, with HTMX polling and without JavaScript."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from cases.models import Case

pytestmark = pytest.mark.browser


def run_ingest_worker():
    """The real database worker of the ingestion queue, until the queue is empty."""
    from django.core.management import call_command

    from ingest.tasks import INGEST_QUEUE

    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--interval",
        "0.1",
        "--queue-name",
        INGEST_QUEUE,
        verbosity=0,
    )


def _login(page, base_url, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_upload_follow_progress_and_accept_a_candidate(
    browser, curator, sample, render, tmp_path, javascript
):
    report = tmp_path / "A_HRC_39_97.pdf"
    report.write_bytes(render(sample, "pdf"))
    page = browser.new_page(javascript=javascript)
    _login(page, browser.base_url, curator)

    page.goto(browser.base_url + "/ingest/")
    page.get_by_label("Report file").set_input_files(str(report))
    page.get_by_role("button", name="Upload and read").click()
    expect(page.locator("#job-status")).to_have_attribute("data-status", "queued")

    run_ingest_worker()
    # HTMX polls every 2 s; without JavaScript the page reloads itself every 5 s. The file is read
    # and waits for the curator to confirm its cover; nothing is stored before.
    expect(page.locator("#job-status")).to_have_attribute("data-status", "check", timeout=15_000)
    expect(page.locator("table.cover-check")).to_contain_text("A/HRC/39/97")
    page.get_by_role("button", name="Confirm and store").click()
    expect(page.locator("#job-status")).to_have_attribute("data-status", "queued")
    run_ingest_worker()
    expect(page.locator("#job-status")).to_have_attribute("data-status", "done", timeout=15_000)
    page.get_by_role("link", name="Review the candidates").click()

    page.get_by_role("link", name="Nadia Al-Rashidi — Bahrain").click()
    expect(page.locator(".source-paragraph mark.hl-victim").first).to_have_text("Ms. Nadia Al-Rashidi")
    expect(page.locator(".source-paragraph mark.hl-mechanism").first).to_be_visible()
    page.locator("#accept-form").get_by_role("button", name="Accept as a new case").click()
    expect(page.locator(".messages")).to_contain_text("created, unpublished")
    case = Case.objects.get()
    assert case.published_at is None and case.visibility == "confidential"
