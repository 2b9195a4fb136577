"""Phones (390 px wide): a screenshot of every main page, the menu that opens, the case list's
results before its filters, tables that scroll instead of breaking words, and an e-mail action
page short enough to act on. Screenshots go to test-artifacts/screenshots/phone-*.png."""

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOTS

from .conftest import MAIN_PAGES, page_path

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# Words of table cells drawn on more than one line ("Eur|op|e"): each word's boxes, counted.
SPLIT_WORDS = """() => { const out = [];
  for (const cell of document.querySelectorAll('.data-table th, .data-table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[^\\s\\-\u2010]+/g; let m;  // a hyphen is a fair place to break
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) out.push(m[0]);
      }
    }
  }
  return out.slice(0, 10); }"""


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_screenshot_of_every_main_page_at_phone_width(browser, ui_world, language):
    page = browser.new_page(**PHONE)
    taken = []
    for page_id, url_name, args, query in MAIN_PAGES:
        try:
            path = page_path(ui_world, url_name, args, query, language)
        except pytest.skip.Exception:
            continue
        assert page.goto(browser.base_url + path).status == 200, path
        expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
        _shot(page, f"{language}-{page_id}")
        taken.append(page_id)
    assert len(taken) >= 10, taken


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_phone_menu_opens_and_shows_every_section(browser, ui_world, language):
    prefix = "" if language == "en" else f"/{language}"
    page = browser.new_page(**PHONE)
    page.goto(f"{browser.base_url}{prefix}/cases/")
    nav = page.get_by_role("navigation", name="Main" if language == "en" else None).first
    links = page.locator(".main-nav .nav a")
    expect(links.first).to_be_hidden()  # folded, not cut off
    page.locator(".nav-toggle").click()
    count = links.count()
    assert count >= 6
    for index in range(count):
        link = links.nth(index)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, link.inner_text()
    _shot(page, f"{language}-menu-open")
    page.keyboard.press("Escape")
    expect(links.first).to_be_hidden()
    assert nav.count() == 1


def test_the_desktop_menu_needs_no_button(browser, ui_world):
    page = browser.new_page(**DESKTOP)
    page.goto(f"{browser.base_url}/cases/")
    expect(page.locator(".nav-toggle")).to_be_hidden()
    expect(page.locator(".main-nav .nav a").first).to_be_visible()
    expect(page.locator("[data-facet=country]")).to_be_visible()  # filters beside the results


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_first_case_comes_before_the_filters(browser, ui_world, javascript):
    page = browser.new_page(javascript=javascript, **PHONE)
    page.goto(f"{browser.base_url}/cases/?country=DJ")
    first = page.locator(".case-card").first
    expect(first).to_be_in_viewport()  # without scrolling past any filter
    facet = page.locator("[data-facet=country]")
    expect(facet).to_be_hidden()
    page.get_by_text("Filters", exact=False).first.click()
    expect(facet).to_be_visible()
    facet.get_by_role("link").first.click()  # filtering still works from the panel
    expect(page.locator(".case-card").first).to_be_attached()
    _shot(page, f"case-list-filters-open-js-{javascript}")


@pytest.mark.parametrize("path", ["/countries/", "/states/", "/states/dj/", "/reports/"])
def test_tables_scroll_instead_of_breaking_words(browser, ui_world, path):
    page = browser.new_page(**PHONE)
    assert page.goto(browser.base_url + path).status == 200
    assert page.locator(".data-table").count() >= 1
    assert page.evaluate(SPLIT_WORDS) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_the_e_mail_action_page_is_short_enough_to_act_on(browser, ui_world):
    if ui_world.action is None:
        pytest.skip("the campaigns app provides no e-mail action")
    page = browser.new_page(**PHONE)
    page.goto(browser.base_url + ui_world.action.get_absolute_url())
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 4 * 844, f"{height} px: the States list should fold"
    send = page.get_by_role("button", name="Send my letter")
    send.scroll_into_view_if_needed()
    expect(send).to_be_in_viewport()
    page.get_by_text("See or change the list").click()
    expect(page.locator(".targets input[type=checkbox]").first).to_be_visible()
    _shot(page, "action-list-open")


def test_the_staff_workspace_at_phone_width(browser, ui_world, curator, client):
    client.force_login(curator)
    cookie = client.cookies["sessionid"]
    page = browser.new_page(**PHONE)
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": browser.base_url}])
    page.goto(browser.base_url + "/staff/")
    expect(page.get_by_role("heading", level=1, name="Workspace")).to_be_in_viewport()
    expect(page.locator("[data-panel=ingest]")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    _shot(page, "staff-workspace")
    desktop = browser.new_page(**DESKTOP)
    desktop.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": browser.base_url}])
    desktop.goto(browser.base_url + "/staff/")
    desktop.screenshot(path=str(SCREENSHOTS / "desktop-staff-workspace.png"), full_page=True)
