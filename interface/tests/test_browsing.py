"""Browsing details: one address per country page, the way to its State page, sitemap.xml,
robots.txt, the favicon, and the follow links once per case page."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from cases.models import Case, Country
from cases.tests.factories import CaseFactory
from cases.visibility import Visibility


@pytest.mark.parametrize(
    "path, target", [("/countries/DJ/", "/countries/dj/"), ("/fr/countries/Dj/", "/fr/countries/dj/")]
)
def test_an_upper_case_country_code_leads_to_the_page(client, db, path, target):
    response = client.get(path + "?page=2")
    assert response.status_code == 301 and response["Location"] == target + "?page=2"
    assert client.get(target).status_code == 200
    assert client.get("/countries/XX/").status_code == 404


def test_a_country_page_links_to_its_state_page_and_a_territory_does_not(client, db):
    assert 'href="/states/dj/"' in client.get("/countries/dj/").content.decode()
    territory = Country.objects.filter(status=Country.Status.TERRITORY).first()
    body = client.get(territory.get_absolute_url()).content.decode()
    assert 'id="state-page"' not in body


def test_the_sitemap_lists_public_pages_and_public_cases_only(client, db):
    public = CaseFactory(title="Public one")
    hidden = [
        CaseFactory(visibility=Visibility.RESTRICTED),
        CaseFactory(visibility=Visibility.CONFIDENTIAL),
        CaseFactory(published_at=None),
    ]
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = re.findall(r"<loc>[^<]*(/sitemap-[a-z]+\.xml)</loc>", index.content.decode())
    assert {"/sitemap-pages.xml", "/sitemap-cases.xml", "/sitemap-countries.xml"} <= set(sections)
    cases = client.get("/sitemap-cases.xml").content.decode()
    assert public.get_absolute_url() in cases
    assert all(case.get_absolute_url() not in cases for case in hidden)
    assert cases.count("<url>") == Case.objects.visible_to(AnonymousUser()).count()
    assert "/cases/</loc>" in client.get("/sitemap-pages.xml").content.decode()
    assert "/countries/ni/</loc>" in client.get("/sitemap-countries.xml").content.decode()


def test_robots_txt_keeps_crawlers_out_of_the_back_office(client, db, settings):
    settings.SITE_URL = "https://endreprisals.example.org"
    body = client.get("/robots.txt").content.decode()
    for path in ("/admin/", "/accounts/", "/staff/", "/ingest/", "/intake/staff/"):
        assert f"Disallow: {path}\n" in body
    assert "Sitemap: https://endreprisals.example.org/sitemap.xml" in body


def test_favicon_ico_leads_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


def test_a_case_page_offers_the_follow_links_once(client, db):
    case = CaseFactory()
    body = client.get(case.get_absolute_url()).content.decode()
    for target in ("follow", "feed"):
        assert len(re.findall(rf'<a [^>]*href="/cases/{case.public_id}/{target}/"', body)) == 1, target


@pytest.fixture
def dated(db):
    import datetime

    return {
        "early": CaseFactory(title="Early case", incident_date=datetime.date(2018, 4, 12)),
        "late": CaseFactory(title="Late case", incident_date=datetime.date(2020, 6, 1)),
        "undated": CaseFactory(title="Undated case", incident_date=None),
    }


def _titles(body: str) -> set[str]:
    return set(re.findall(r">((?:Early|Late|Undated) case)</a>", body))


@pytest.mark.parametrize(
    "params, expected",
    [
        ("from=2019", {"Late case"}),
        ("to=2018-12", {"Early case"}),
        ("from=2018-04-12&to=2018-04-12", {"Early case"}),
        ("from=2018&to=2020", {"Early case", "Late case"}),
        ("", {"Early case", "Late case", "Undated case"}),
    ],
)
def test_the_case_list_filters_by_a_date_range(client, dated, params, expected):
    body = client.get(f"/cases/?{params}").content.decode()
    assert _titles(body) == expected
    assert re.search(rf'<h2 id="results-title"[^>]*>{len(expected)} case', body)
    # The facet counts and the downloads follow the range too.
    assert 'data-facet="country"' in body
    if params:
        assert re.search(r'href="/cases\.csv\?[^"]*(from|to)=', body)


@pytest.mark.parametrize("params", ["from=abc", "to=2020-13", "from=2021&to=2020"])
def test_a_bad_date_range_is_refused_clearly(client, db, params):
    response = client.get(f"/cases/?{params}")
    assert response.status_code == 400
    body = response.content.decode()
    assert "2020-03-15" in body or "before its start" in body


def test_the_case_list_as_a_table_keeps_filters_and_pages(client, dated, settings):
    settings.CASES_PER_PAGE = 1
    body = client.get("/cases/?view=table&from=2018").content.decode()
    assert 'class="data-table case-table"' in body and 'class="case-cards"' not in body
    assert _titles(body) == {"Late case"}  # newest incident first, one per page
    assert re.search(r'href="\?[^"]*view=table[^"]*page=2"', body.replace("&amp;", "&"))
    assert "view=table" not in re.search(
        r'href="(\?[^"]*)"[^>]*>cards</a>', body.replace("&amp;", "&")
    ).group(1)
    assert client.get("/cases/?view=grid").status_code == 400


def test_case_feed_entries_carry_the_moment_they_were_recorded(client, db):
    import datetime

    from cases.models import Mention
    from cases.tests.factories import MentionFactory, ParagraphFactory, ReportFactory

    report = ReportFactory(year=2019, period_end=datetime.date(2019, 4, 30))
    case = CaseFactory(incident_date=datetime.date(2018, 4, 12))
    mention = MentionFactory(
        case=case, report=report, paragraph=ParagraphFactory(report=report), kind=Mention.Kind.FIRST
    )
    recorded = mention.history.latest("history_date").history_date
    body = client.get(f"/cases/{case.public_id}/feed/").content.decode()
    updated = re.findall(r"<updated>([^<]+)</updated>", body)
    assert any(u.startswith(recorded.date().isoformat()) for u in updated[1:]), updated
    assert not any(u.startswith(("2018-04-12", "2019-")) for u in updated), updated
