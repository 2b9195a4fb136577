"""The analysis page in a real browser: change a filter, see the chart and its table change."""

import pytest
from playwright.sync_api import expect

from cases.models import Country, Mention
from cases.tests.factories import CaseFactory

from .conftest import mention

pytestmark = pytest.mark.browser


@pytest.fixture
def cases_to_analyse(reference_data):
    ni, dj = Country.objects.get(iso2="NI"), Country.objects.get(iso2="DJ")
    for year in (2018, 2019, 2019):
        mention(CaseFactory(country=ni), year)
    both = CaseFactory(country=dj)
    mention(both, 2019)
    mention(both, 2020, Mention.Kind.FOLLOW_UP)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_filter_changes_chart_and_table(browser, cases_to_analyse, javascript):
    page = browser.new_page(javascript=javascript)
    page.goto(browser.base_url + "/analysis/")
    table = page.locator("[data-chart-table=years]")
    expect(table.locator("tbody tr")).to_have_count(3)  # 2018, 2019, 2020
    expect(table.locator("tbody tr", has_text="2019").locator("td").first).to_have_text("3")
    chart = page.locator("[data-chart=years] svg")
    expect(chart).to_be_visible()
    markers_before = chart.locator("title").all_text_contents()
    assert "cases mentioned, 2019: 3" in markers_before

    page.get_by_label("Region").select_option("Africa")
    page.get_by_role("button", name="Apply").click()

    assert "region=Africa" in page.url
    expect(table.locator("tbody tr")).to_have_count(2)  # 2019, 2020
    expect(table.locator("tbody tr", has_text="2019").locator("td").first).to_have_text("1")
    markers_after = chart.locator("title").all_text_contents()
    assert "cases mentioned, 2019: 1" in markers_after and markers_after != markers_before
    expect(page.locator("[data-chart=years] figcaption")).to_contain_text("2019–2020")
    # The links to the other charts keep the filter.
    assert "region=Africa" in page.get_by_role("link", name="Cases by region", exact=True).get_attribute(
        "href"
    )
