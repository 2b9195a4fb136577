"""Atom feeds: contents, and that they never show a restricted, confidential or unpublished
case — a hidden case's feed answers exactly like a missing one."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from cases.models import Country, Mention
from cases.tests.factories import CaseFactory
from tracking.models import TimelineEvent

from .conftest import event, mention

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314  (our own output)


def _titles(root):
    return [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]


@pytest.fixture
def public_case(db):
    case = CaseFactory(title="Open case", country=Country.objects.get(iso2="DJ"), incident_date=None)
    mention(case, 2019)
    mention(case, 2021, Mention.Kind.FOLLOW_UP)
    event(
        case, datetime.date(2020, 5, 6), TimelineEvent.Kind.OUTCOME, outcome="released", note="Freed on bail"
    )
    return case


def test_case_feed_lists_the_timeline_newest_first(client, public_case):
    root = _feed(client, f"/cases/{public_case.public_id}/feed/")
    assert root.findtext(f"{ATOM}title") == "EndReprisals: Open case"
    titles = _titles(root)
    assert titles == [
        "2021 — Secretary-General's report: follow-up",
        "2020-05-06 — outcome",
        "2019 — Secretary-General's report: first report",
    ]
    entry = next(root.iter(f"{ATOM}entry"))
    link = entry.find(f"{ATOM}link").get("href")
    assert link.startswith("http://testserver/cases/") and "#mention-" in link
    assert "Freed on bail" in ET.tostring(root, encoding="unicode")


def _normalised(response, public_id):
    body = response.content.decode().replace(public_id, "ID")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_hidden_case_feed_answers_like_a_missing_one(client, hidden_cases, researcher):
    missing = client.get("/cases/nosuchcase/feed/")
    assert missing.status_code == 404
    for case in hidden_cases.values():
        hidden = client.get(f"/cases/{case.public_id}/feed/")
        assert hidden.status_code == 404
        assert _normalised(hidden, case.public_id) == _normalised(missing, "nosuchcase")
    # Signed in does not change it: feeds are anonymous.
    client.force_login(researcher)
    for case in hidden_cases.values():
        assert client.get(f"/cases/{case.public_id}/feed/").status_code == 404


def test_country_and_search_feeds_only_list_public_cases(client, public_case, hidden_cases, curator):
    for url in ("/countries/dj/feed/", "/cases/feed/", "/cases/feed/?country=DJ", "/cases/feed/?year=2015"):
        for who in (None, curator):
            if who:
                client.force_login(who)
            body = client.get(url).content.decode()
            assert "Zyx" not in body, url
            for case in hidden_cases.values():
                assert case.public_id not in body, url
            client.logout()
    assert _titles(_feed(client, "/countries/dj/feed/")) == ["Open case"]
    assert _titles(_feed(client, "/cases/feed/?year=2021")) == ["Open case"]
    assert _titles(_feed(client, "/cases/feed/?year=2015")) == []


def test_cases_feed_orders_by_latest_change(client, db):
    older = CaseFactory(title="Older")
    newer = CaseFactory(title="Newer")
    assert _titles(_feed(client, "/cases/feed/"))[:2] == ["Newer", "Older"]
    event(older, datetime.date(2024, 1, 1), TimelineEvent.Kind.STATE_REPLY, response="denied")
    root = _feed(client, "/cases/feed/")
    assert _titles(root)[:2] == ["Older", "Newer"]
    assert newer.public_id in ET.tostring(root, encoding="unicode")


def test_feeds_reject_bad_parameters_and_uppercase_codes(client, db):
    assert client.get("/cases/feed/?year=abc").status_code == 400
    assert client.get("/countries/DJ/feed/").status_code == 404
    assert client.get("/countries/zz/feed/").status_code == 404


def test_pages_advertise_their_feeds(client, public_case):
    alternate = 'rel="alternate" type="application/atom+xml"'
    case_page = client.get(public_case.get_absolute_url()).content.decode()
    assert alternate in case_page and f"/cases/{public_case.public_id}/feed/" in case_page
    country_page = client.get("/countries/dj/").content.decode()
    assert alternate in country_page and "/countries/dj/feed/" in country_page
    list_page = client.get("/cases/?country=DJ&type=travel-ban").content.decode()
    assert alternate in list_page and "/cases/feed/?country=DJ&amp;type=travel-ban" in list_page


def test_summaries_are_plain_text_declared_as_text(client, public_case):
    """A note with "<", "&" or a tag is text, not markup: declared type="text" and read back as
    typed, in the case feed and in the feeds of cases (country, search)."""
    typed = "Bail < 5000 & <em>not markup</em>"
    event(public_case, datetime.date(2022, 1, 2), TimelineEvent.Kind.OUTCOME, outcome="released", note=typed)
    public_case.summary = typed
    public_case.save()
    for url in (f"/cases/{public_case.public_id}/feed/", "/countries/dj/feed/", "/cases/feed/?q=Open"):
        root = _feed(client, url)
        summaries = list(root.iter(f"{ATOM}summary"))
        assert summaries, url
        assert {s.get("type") for s in summaries} == {"text"}, url
        assert any(typed in (s.text or "") for s in summaries), url
