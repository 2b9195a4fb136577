"""End to end in a real browser, against a real SMTP server on loopback and the real worker:
sign a petition and confirm it from the e-mail; write to missions, confirm, and see the
messages queued and then sent."""

import re

import pytest
from playwright.sync_api import expect

from campaigns.models import MissionMessage
from mailer.models import OutboundEmail

from .factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _link(message, kind: str) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(rf"http://\S+/campaigns/confirm/{kind}/\S+/", body).group(0)


@pytest.fixture
def world(browser, settings):
    settings.SITE_URL = browser.base_url  # links in e-mails point at the live server
    return make_world()


def test_sign_a_petition_and_confirm_it_from_the_email(browser, world, smtp_server, run_worker):
    petition = world["petition"]
    page = browser.new_page()
    page.goto(browser.base_url + petition.get_absolute_url())
    expect(page.locator("[data-petition-count]")).to_have_text("0")
    page.get_by_label("Your name").fill("Ana Example")
    page.get_by_label("Your e-mail address").fill("ana@example.org")
    page.get_by_label("Your country").select_option("FR")
    page.get_by_label(petition.consent_text).check()
    page.get_by_role("button", name="Sign the petition").click()
    expect(page.locator("[data-check-inbox]")).to_be_visible()

    assert smtp_server.messages == []  # nothing is sent inside the request
    run_worker()
    [mail] = smtp_server.messages
    assert mail["To"] == "ana@example.org" and "Please confirm your signature" in mail["Subject"]
    link = _link(mail, "signature")

    page.goto(link)  # opening the link (as a scanner would) confirms nothing
    expect(page.get_by_role("button", name="Confirm my signature")).to_be_visible()
    page.goto(browser.base_url + petition.get_absolute_url())
    expect(page.locator("[data-petition-count]")).to_have_text("0")

    page.goto(link)
    page.get_by_role("button", name="Confirm my signature").click()
    expect(page).to_have_url(browser.base_url + petition.get_absolute_url())
    expect(page.locator(".messages")).to_contain_text("your signature is confirmed")
    expect(page.locator("[data-petition-count]")).to_have_text("1")
    page.goto(browser.base_url + world["campaign"].get_absolute_url())
    expect(page.locator("[data-petition=free-them] [data-count=signatures]")).to_have_text("1")


def test_write_to_missions_confirm_and_see_the_messages_sent(browser, world, smtp_server, run_worker):
    action = world["action"]
    page = browser.new_page()
    page.goto(browser.base_url + action.get_absolute_url())
    for iso2 in ("IE", "UY", "FR"):
        expect(page.locator(f"#target-{iso2}")).to_be_checked()
    expect(page.locator("[data-target=UY]")).to_contain_text("no known e-mail address")

    # Filtering keeps what was typed.
    page.get_by_label("Your name").fill("Ana Example")
    page.get_by_label("Region").select_option("Europe")
    page.get_by_role("button", name="Show these States").click()
    expect(page.locator("[data-target=UY]")).to_have_count(0)
    expect(page.get_by_label("Your name")).to_have_value("Ana Example")
    page.get_by_label("Region").select_option("")
    page.get_by_role("button", name="Show these States").click()

    page.get_by_label("Your letter").fill(
        "Excellency,\n\nI teach in Lyon and follow these cases closely. I ask {state} to name them at the UN."
    )
    page.get_by_label("Your e-mail address").fill("ana@example.org")
    page.get_by_label("Your country").select_option("FR")
    page.get_by_label(action.consent_text).check()
    page.get_by_role("button", name="Send my letter").click()
    expect(page.locator("[data-check-inbox]")).to_be_visible()
    assert not MissionMessage.objects.exists()

    run_worker()
    [mail] = smtp_server.messages
    assert "Please confirm your letter" in mail["Subject"]
    page.goto(_link(mail, "letter"))
    assert not MissionMessage.objects.exists()
    page.get_by_role("button", name="Confirm and send my letter").click()
    expect(page.locator("[data-mission-messages]")).to_be_visible()
    expect(page.locator("tr[data-state=IE]")).to_have_attribute("data-status", "queued")
    expect(page.locator("tr[data-state=UY]")).to_have_attribute("data-status", "no_address")
    assert MissionMessage.objects.filter(state="queued").count() == 2

    run_worker()
    letters = {m["To"]: m for m in smtp_server.messages[1:]}
    assert set(letters) == {"ireland.mission@example.org", "france.mission@example.org"}
    for message in letters.values():
        assert message["Reply-To"] == "ana@example.org"
        body = message.get_body(("plain",)).get_content()
        assert "I teach in Lyon" in body and "Ana Example" in body
    assert (
        "I ask Ireland to name them"
        in letters["ireland.mission@example.org"].get_body(("plain",)).get_content()
    )
    assert OutboundEmail.objects.filter(category="campaigns.mission", status="sent").count() == 2

    page.reload()
    expect(page.locator("tr[data-state=IE]")).to_have_attribute("data-status", "sent")
    expect(page.locator("tr[data-state=FR]")).to_have_attribute("data-status", "sent")
    page.goto(browser.base_url + world["campaign"].get_absolute_url())
    expect(page.locator("[data-action=write] [data-count=supporters]")).to_have_text("1")
    expect(page.locator("[data-action=write] [data-count=missions-written]")).to_have_text("2")
