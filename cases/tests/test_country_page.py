"""The country page: its cases through the visibility gate, a page at a time."""

import datetime

import pytest

from cases.models import Country
from cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def djibouti_cases():
    djibouti = Country.objects.get(iso2="DJ")
    public = [
        CaseFactory(country=djibouti, title=f"Djibouti case {n}", incident_date=datetime.date(2015 + n, 1, 1))
        for n in range(5)
    ]
    hidden = CaseFactory(country=djibouti, title="Djibouti hidden case", visibility="confidential")
    return public, hidden


def test_the_country_page_lists_its_cases_a_page_at_a_time(client, settings, djibouti_cases):
    settings.CASES_PER_PAGE = 2
    first = client.get("/countries/dj/").content.decode()
    assert "5 cases reported." in first
    # Most recent incident first, two per page, with a link to the next page.
    assert "Djibouti case 4" in first and "Djibouti case 3" in first and "Djibouti case 2" not in first
    assert 'href="?page=2" rel="next"' in first and "Page 1 of 3" in first
    last = client.get("/countries/dj/?page=3").content.decode()
    assert "Djibouti case 0" in last and "Djibouti case 4" not in last
    assert 'href="?page=2" rel="prev"' in last and 'rel="next"' not in last
    # An out-of-range or malformed page shows the nearest page rather than failing.
    assert "Djibouti case 0" in client.get("/countries/dj/?page=99").content.decode()
    assert "Djibouti case 4" in client.get("/countries/dj/?page=x").content.decode()
    assert "Djibouti hidden case" not in first + last


def test_a_partner_counts_and_sees_the_cases_granted(client, partner, djibouti_cases):
    client.force_login(partner)
    body = client.get("/countries/dj/").content.decode()
    assert "6 cases reported." in body and "Djibouti hidden case" in body
    assert 'rel="next"' not in body
