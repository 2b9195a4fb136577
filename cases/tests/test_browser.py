"""The public journey in a real browser: home, search, facet, case page."""

import pytest
from playwright.sync_api import expect

from cases.models import Country
from cases.tests.factories import CaseFactory, MentionFactory, ParagraphFactory, VictimFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def cases_for_browsing(reference_data):
    djibouti = CaseFactory(
        title="Passport confiscated after a UPR visit",
        country=Country.objects.get(iso2="DJ"),
        mechanisms=["upr"],
        reprisal_types=["travel-ban"],
    )
    VictimFactory(case=djibouti, name="Example Defender")
    MentionFactory(
        case=djibouti, paragraph=ParagraphFactory(text="Agents confiscated the passport of a journalist.")
    )
    CaseFactory(
        title="Passport withheld from a lawyer", country=Country.objects.get(iso2="NI"), mechanisms=["cedaw"]
    )
    CaseFactory(title="Unrelated detention", country=Country.objects.get(iso2="CN"))
    return djibouti


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_search_filter_and_open_a_case(browser, cases_for_browsing, javascript):
    page = browser.new_page(javascript=javascript)
    page.goto(browser.base_url + "/")
    expect(page.locator("[data-figure=cases]")).to_have_text("3")

    page.get_by_label("Search the cases").fill("passport")
    page.get_by_role("button", name="Search").first.click()
    expect(page.locator(".results-count")).to_have_text("2 cases")
    expect(page.locator(".snippet mark").first).to_be_visible()

    page.locator("[data-facet=country] a", has_text="Djibouti").click()
    expect(page.locator(".results-count")).to_have_text("1 case")
    assert "country=DJ" in page.url and "q=passport" in page.url

    page.get_by_role("link", name="Passport confiscated after a UPR visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passport confiscated after a UPR visit")
    expect(page.locator("blockquote")).to_contain_text("confiscated the passport")
    assert cases_for_browsing.public_id in page.url
