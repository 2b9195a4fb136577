"""WCAG 2.1 AA in a real browser: axe-core finds no violation on any main page, in English and in
Arabic; and the search, the facets, the language menu and every action form work from the
keyboard alone, with a visible focus indicator."""

import pytest
from playwright.sync_api import expect

from .conftest import LANGUAGES, MAIN_PAGES, describe, page_path, run_axe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("url_name", "args", "query"),
    [pytest.param(url_name, args, query, id=page_id) for page_id, url_name, args, query in MAIN_PAGES],
)
def test_no_axe_violations_in_english_and_arabic(browser, ui_world, url_name, args, query):
    found = {}
    for language in LANGUAGES:
        path = page_path(ui_world, url_name, args, query, language)
        page = browser.new_page(bypass_csp=True)
        response = page.goto(browser.base_url + path)
        assert response.status == 200, f"{path}: HTTP {response.status}"
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        violations = run_axe(page)
        if violations:
            found[path] = describe(violations)
    assert not found, "axe-core (WCAG 2.1 A/AA) violations:\n" + "\n".join(
        f"{path}\n{text}" for path, text in found.items()
    )


def _focused(page):
    return page.evaluate(
        """() => { const el = document.activeElement; const style = getComputedStyle(el);
            return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || '').trim().slice(0, 80),
                    href: el.getAttribute('href') || '', name: el.getAttribute('name') || '',
                    type: el.getAttribute('type') || '',
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                    focusVisible: el.matches(':focus-visible')}; }"""
    )


def _tab_to(page, predicate, limit=80, backwards=False):
    """Press Tab until the focused element satisfies predicate; assert it shows a focus ring."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = _focused(page)
        if predicate(focused):
            assert focused["focusVisible"] and focused["outline"], f"no visible focus indicator on {focused}"
            return focused
    raise AssertionError(f"never reached the element after {limit} Tab presses")


def _choose(page, value, limit=400):
    """With a <select> focused, press the arrow key until it shows `value` (as a keyboard user
    would; typing the start of a name is language-dependent)."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {value} not reached")


@pytest.mark.parametrize("language", LANGUAGES)
def test_keyboard_search_facet_and_case(browser, ui_world, language):
    prefix = "" if language == "en" else f"/{language}"
    page = browser.new_page()
    page.goto(browser.base_url + prefix + "/")

    # The skip link comes first and moves to the main content.
    first = _tab_to(page, lambda f: True, limit=1)
    assert first["href"] == "#main"

    _tab_to(page, lambda f: f["id"] == "home-q")
    page.keyboard.type("passport")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{browser.base_url}{prefix}/cases/?q=passport")
    expect(page.get_by_role("link", name=ui_world.case.title)).to_be_visible()

    _tab_to(page, lambda f: f["tag"] == "A" and "country=DJ" in f["href"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{browser.base_url}{prefix}/cases/?q=passport&country=DJ")
    expect(page.locator("[data-facet=country] a[aria-current=true]")).to_have_count(1)

    case_path = f"{prefix}/cases/{ui_world.case.public_id}/"
    _tab_to(page, lambda f: f["href"] == case_path)
    page.keyboard.press("Enter")
    expect(page).to_have_url(browser.base_url + case_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(ui_world.case.title)


def test_keyboard_language_menu(browser, ui_world):
    page = browser.new_page()
    page.goto(f"{browser.base_url}/cases/?q=passport")
    _tab_to(page, lambda f: f["tag"] == "SUMMARY")
    page.keyboard.press("Enter")
    expect(page.locator(".lang-menu")).to_have_attribute("open", "")
    _tab_to(page, lambda f: f["tag"] == "A" and f["href"].startswith("/ar/"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{browser.base_url}/ar/cases/?q=passport")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


@pytest.mark.parametrize("language", LANGUAGES)
def test_keyboard_intake_form(browser, ui_world, settings, tmp_path, language):
    from intake import crypto
    from intake.models import Submission

    settings.INTAKE_PUBLIC_KEY, _private = crypto.generate_keypair()
    settings.INTAKE_DEV_KEY_DIR = tmp_path / "intake-dev-key"
    prefix = "" if language == "en" else f"/{language}"
    page = browser.new_page()
    page.goto(f"{browser.base_url}{prefix}/intake/")

    _tab_to(page, lambda f: f["name"] == "what_happened")
    page.keyboard.type("Summoned by the police after speaking to a treaty body.")
    _tab_to(page, lambda f: f["name"] == "incident_year")
    page.keyboard.type("2024")
    _tab_to(page, lambda f: f["name"] == "country")
    _choose(page, "NI")
    _tab_to(page, lambda f: f["name"] == "share_with_un")
    page.keyboard.press("Space")
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["type"] == "submit")
    page.keyboard.press("Enter")
    expect(page.locator("#receipt-code")).to_be_visible()
    assert Submission.objects.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_keyboard_petition_form(browser, ui_world, language):
    if ui_world.petition is None:
        pytest.skip("the campaigns app provides no petition")
    prefix = "" if language == "en" else f"/{language}"
    page = browser.new_page()
    page.goto(browser.base_url + prefix + ui_world.petition.get_absolute_url())

    _tab_to(page, lambda f: f["name"] == "name")
    page.keyboard.type("Ana Example")
    _tab_to(page, lambda f: f["type"] == "email")
    page.keyboard.type("ana@example.org")
    _tab_to(page, lambda f: f["tag"] == "SELECT")
    _choose(page, "FR")
    _tab_to(page, lambda f: f["type"] == "checkbox")
    page.keyboard.press("Space")
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["type"] in ("submit", ""))
    page.keyboard.press("Enter")
    expect(page.locator("[data-check-inbox]")).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_keyboard_letter_to_missions(browser, ui_world, language):
    if ui_world.action is None:
        pytest.skip("the campaigns app provides no e-mail action")
    prefix = "" if language == "en" else f"/{language}"
    page = browser.new_page()
    page.goto(browser.base_url + prefix + ui_world.action.get_absolute_url())

    _tab_to(page, lambda f: f["tag"] == "TEXTAREA")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Please name the victims at the next session.")
    _tab_to(page, lambda f: f["name"] == "name")
    page.keyboard.type("Ana Example")
    _tab_to(page, lambda f: f["type"] == "email")
    page.keyboard.type("ana@example.org")
    _tab_to(page, lambda f: f["tag"] == "SELECT" and f["name"] == "country")
    _choose(page, "FR")
    _tab_to(page, lambda f: f["type"] == "checkbox" and f["name"] == "consent")
    page.keyboard.press("Space")
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["name"] == "send")
    page.keyboard.press("Enter")
    expect(page.locator("[data-check-inbox]")).to_be_visible()
