"""The main journeys in Debian's Chromium, in English and Arabic (screenshots of each page go to
test-artifacts/screenshots/): page weight, every main page without JavaScript, phone widths
without sideways scrolling, right-to-left layout, the language menu, and printing a case."""

import pytest
from playwright.sync_api import expect

from .conftest import LANGUAGES, MAIN_PAGES, page_path

pytestmark = pytest.mark.browser

# The elements that stick out of the viewport (and are not inside a scrolling box).
OVERFLOWING = """() => { const W = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || (r.right <= W + 1 && r.left >= -1)) continue;
    let p = el.parentElement, scrolls = false;
    for (; p; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') { scrolls = true; break; }
    if (!scrolls) out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return out.slice(0, 6); }"""
PAGE_WEIGHT_LIMIT = 150 * 1024  # bytes transferred for a case page, everything included


def test_a_case_page_weighs_less_than_150_kb(browser, ui_world):
    transferred = {}
    page = browser.new_page()

    def record(response):
        sizes = response.request.sizes()
        transferred[response.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("response", record)
    page.goto(f"{browser.base_url}/cases/{ui_world.case.public_id}/", wait_until="networkidle")
    total = sum(transferred.values())
    detail = "\n".join(f"  {size:>8} {url}" for url, size in sorted(transferred.items(), key=lambda i: -i[1]))
    print(f"\nCase page: {total} bytes ({total / 1024:.1f} KB) over {len(transferred)} requests\n{detail}")
    assert any(url.endswith(".css") for url in transferred) and any(
        url.endswith(".js") for url in transferred
    )
    assert total < PAGE_WEIGHT_LIMIT, f"{total} bytes:\n{detail}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_main_page_works_without_javascript(browser, ui_world, language):
    page = browser.new_page(javascript=False)
    checked = []
    for _page_id, url_name, args, query in MAIN_PAGES:
        try:
            path = page_path(ui_world, url_name, args, query, language)
        except pytest.skip.Exception:
            continue
        response = page.goto(browser.base_url + path)
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        checked.append(path)
    assert len(checked) >= 10, checked


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_and_facet_without_javascript(browser, ui_world, language):
    prefix = "" if language == "en" else f"/{language}"
    page = browser.new_page(javascript=False)
    page.goto(f"{browser.base_url}{prefix}/cases/")
    page.locator("#q").fill("passport")
    page.locator("#q").press("Enter")
    assert page.url.startswith(f"{browser.base_url}{prefix}/cases/?") and "q=passport" in page.url
    page.locator("[data-facet=country] a", has_text="Djibouti" if language == "en" else "جيبوتي").click()
    assert "country=DJ" in page.url and "q=passport" in page.url
    expect(page.get_by_role("link", name=ui_world.case.title)).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_journey_home_search_facet_case(browser, ui_world, language):
    """With JavaScript (HTMX): home, search, filter by country and mechanism, open the case."""
    arabic = language == "ar"
    prefix = "/ar" if arabic else ""
    page = browser.new_page()
    page.goto(f"{browser.base_url}{prefix}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if arabic else "ltr")
    page.get_by_label("البحث في الحالات" if arabic else "Search the cases").fill("passport")
    page.get_by_role("button", name="بحث" if arabic else "Search").first.click()
    expect(page).to_have_url(f"{browser.base_url}{prefix}/cases/?q=passport")

    page.locator("[data-facet=country] a", has_text="جيبوتي" if arabic else "Djibouti").click()
    expect(page).to_have_url(f"{browser.base_url}{prefix}/cases/?q=passport&country=DJ")
    mechanism = "الاستعراض الدوري الشامل" if arabic else "Universal Periodic Review"
    page.locator("[data-facet=mechanism] summary").click()  # a closed disclosure: open it first
    page.locator("[data-facet=mechanism] a", has_text=mechanism).click()
    expect(page.locator("[data-facet=mechanism] a[aria-current=true]")).to_contain_text(mechanism)
    assert "mechanism=upr" in page.url
    # After HTMX changed the address, the language menu still points at this very search.
    expect(page.locator(".lang-list a[hreflang=fr]")).to_have_attribute(
        "href", f"/fr/cases/?{page.url.split('?', 1)[1]}"
    )

    page.get_by_role("link", name=ui_world.case.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui_world.case.title)
    facts = page.locator(".facts").first
    expect(facts).to_contain_text("الاستعراض الدوري الشامل" if arabic else "Universal Periodic Review")
    expect(facts).to_contain_text("إبريل 2018" if arabic else "April 2018")
    if arabic:
        # Right-to-left: the facts' labels are on the right of their values.
        label = page.locator(".facts dt").first.bounding_box()
        value = page.locator(".facts dd").first.bounding_box()
        assert label["x"] > value["x"]


def test_switching_language_keeps_the_page(browser, ui_world):
    page = browser.new_page()
    page.goto(f"{browser.base_url}/cases/{ui_world.case.public_id}/")
    page.locator(".lang-menu summary").click()
    page.get_by_role("link", name="العربيّة").click()
    expect(page).to_have_url(f"{browser.base_url}/ar/cases/{ui_world.case.public_id}/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_role("navigation", name="القائمة الرئيسية")).to_be_visible()
    page.locator(".lang-menu summary").click()
    page.get_by_role("link", name="Español").click()
    expect(page).to_have_url(f"{browser.base_url}/es/cases/{ui_world.case.public_id}/")
    expect(page.locator(".breadcrumbs")).to_contain_text("Yibuti")


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_width_needs_no_sideways_scrolling(browser, ui_world, language):
    page = browser.new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    wide = {}
    for page_id, url_name, args, query in MAIN_PAGES:
        try:
            path = page_path(ui_world, url_name, args, query, language)
        except pytest.skip.Exception:
            continue
        page.goto(browser.base_url + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 360:
            wide[page_id] = (width, page.evaluate(OVERFLOWING))
    page.goto(f"{browser.base_url}{'/ar' if language == 'ar' else ''}/cases/{ui_world.case.public_id}/")
    assert not wide, f"pages wider than a 360 px phone: {wide}"


def test_a_case_prints_without_menus_and_with_its_address(browser, ui_world):
    page = browser.new_page()
    page.goto(f"{browser.base_url}/cases/{ui_world.case.public_id}/")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".lang-menu")).to_be_hidden()
    expect(page.locator(".follow-links")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("blockquote")).to_be_visible()
    expect(page.locator(".site-footer .print-only")).to_have_text(
        f"https://endreprisals.example.org/cases/{ui_world.case.public_id}/"
    )
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
