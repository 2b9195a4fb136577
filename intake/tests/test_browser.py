"""The whole intake flow in a real browser, with and without JavaScript: report with an
attachment, receive a receipt, check the status, then staff decrypt with the private key, triage
and make a confidential case."""

import uuid

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from cases.models import Case
from cases.tests.factories import UserFactory
from cases.visibility import Visibility
from intake.models import Submission

from .helpers import jpeg_with_exif

pytestmark = pytest.mark.browser


def _login(page, base_url, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_report_check_status_decrypt_and_make_a_case(browser, intake_keys, tmp_path, javascript):
    marker = f"MARKER-{uuid.uuid4().hex[:12]}"
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_exif())

    page = browser.new_page(javascript=javascript)
    page.goto(browser.base_url + "/intake/")
    # A refused attachment first: clear message, nothing stored.
    bad = tmp_path / "fake.png"
    bad.write_bytes(b"%PDF-1.4 this is not a picture")
    page.get_by_label("What happened?").fill(f"Summoned by the police after a UPR session. {marker}")
    page.get_by_label("Year").fill("2024")
    page.get_by_label("In which country or territory?").select_option("NI")
    page.get_by_label("Which UN body had the person or group engaged with?").select_option("upr")
    page.get_by_label("State actors (police, army, officials…)").check()
    page.get_by_label("Description (optional)").fill("a community leader")
    page.get_by_label("Yes, you may share it with the UN").check()
    page.get_by_label("Documents or pictures (optional)").set_input_files([str(bad)])
    page.get_by_role("button", name="Send the report securely").click()
    expect(page.locator("#form-errors")).to_contain_text("Your report has not been sent")
    expect(page.locator(".errors").first).to_contain_text("fake.png")
    assert Submission.objects.count() == 0

    # The text fields were kept; attachments must be chosen again.
    expect(page.get_by_label("What happened?")).to_have_value(
        f"Summoned by the police after a UPR session. {marker}"
    )
    page.get_by_label("Documents or pictures (optional)").set_input_files([str(photo)])
    page.get_by_role("button", name="Send the report securely").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your report has been received")
    code = page.locator("#receipt-code").inner_text()
    submission = Submission.objects.get()
    assert submission.attachments.count() == 1

    page.get_by_role("link", name="Check the status of a report").click()
    page.get_by_label("Receipt code").fill(code)
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#status-result")).to_contain_text("Received; not yet reviewed.")

    staff = browser.new_page(javascript=javascript)
    _login(staff, browser.base_url, UserFactory(username="chief", is_staff=True, is_superuser=True))
    staff.goto(browser.base_url + "/intake/staff/")
    staff.get_by_role("link", name=submission.reference).click()
    expect(staff.locator("body")).not_to_contain_text(marker)

    staff.get_by_label("Private key").fill("not a key")
    staff.get_by_role("button", name="Decrypt and show").click()
    expect(staff.locator("#key-error")).to_have_text("This is not a valid intake private key.")

    staff.get_by_label("Private key").fill(intake_keys.private)
    staff.get_by_role("button", name="Decrypt and show").click()
    expect(staff.locator("#decrypted")).to_contain_text(marker)
    expect(staff.locator("#decrypted")).to_contain_text("Universal Periodic Review")
    expect(staff.locator("#decrypted")).to_contain_text("photo.jpg")
    expect(staff.get_by_label("Private key")).to_have_value("")

    staff.get_by_label("Move to").select_option("under_review")
    staff.get_by_role("button", name="Change status").click()
    expect(staff.locator("#submission-status")).to_have_text("under review")

    staff.get_by_label("Private key").fill(intake_keys.private)
    staff.get_by_role("button", name="Decrypt and create a confidential case").click()
    expect(staff.locator(".messages")).to_contain_text("confidential and unpublished")
    case = Case.objects.get()
    assert case.visibility == Visibility.CONFIDENTIAL and case.published_at is None
    assert marker in case.summary

    page.goto(browser.base_url + case.get_absolute_url())
    assert marker not in page.content()
    page.goto(browser.base_url + "/intake/status/")
    page.get_by_label("Receipt code").fill(code)
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#status-result")).to_contain_text("Under review by our team.")
