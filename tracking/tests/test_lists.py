"""Gone silent and recurring: the database rules, the pages and their CSV downloads."""

import csv
import datetime
import io

import pytest

from audit.models import AuditEvent
from cases.models import Case, Country, Mention
from cases.tests.factories import CaseFactory
from cases.visibility import ANONYMOUS
from tracking.models import TimelineEvent
from tracking.services.lists import SilentQuery, gone_silent, recurring

from .conftest import event, mention

K = TimelineEvent.Kind


def _csv(response):
    body = b"".join(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def silent_world(db, this_year):
    y = this_year
    cases = {
        # last heard of 5 years ago (report), nothing since
        "old_report": CaseFactory(title="Old report", incident_date=None),
        # last heard of 2 years ago (event)
        "recent_event": CaseFactory(title="Recent event", incident_date=None),
        # only a first-incident date, 4 years ago
        "incident_only": CaseFactory(title="Incident only", incident_date=datetime.date(y - 4, 6, 1)),
        # nothing dated at all
        "undated": CaseFactory(title="Undated", incident_date=None),
        # resolved 6 years ago: silence expected
        "released": CaseFactory(title="Released", incident_date=datetime.date(y - 8, 1, 1)),
        # old report, but a new report this year
        "followed": CaseFactory(title="Followed", incident_date=None),
    }
    mention(cases["old_report"], y - 5)
    mention(cases["recent_event"], y - 6)
    event(cases["recent_event"], datetime.date(y - 2, 3, 1), K.STATE_REPLY, response="no_reply")
    event(cases["released"], datetime.date(y - 6, 1, 1), K.OUTCOME, outcome="released")
    mention(cases["followed"], y - 7)
    mention(cases["followed"], y, Mention.Kind.FOLLOW_UP)
    return cases


def _titles(qs):
    return [c.title for c in qs]


def test_gone_silent_rule(silent_world, this_year):
    visible = Case.objects.visible_to(ANONYMOUS)
    three = gone_silent(visible, SilentQuery(years=3))
    assert _titles(three) == ["Incident only", "Old report"]  # most recently heard of first
    assert {c.title: c.last_heard_year for c in three} == {
        "Incident only": this_year - 4,
        "Old report": this_year - 5,
    }
    assert _titles(gone_silent(visible, SilentQuery(years=2))) == [
        "Recent event",
        "Incident only",
        "Old report",
    ]
    assert _titles(gone_silent(visible, SilentQuery(years=5))) == ["Old report"]
    with_closed = gone_silent(visible, SilentQuery(years=3, include_closed=True))
    assert "Released" in _titles(with_closed)
    assert next(c for c in with_closed if c.title == "Released").derived_status == "resolved"


def test_gone_silent_never_lists_hidden_cases(silent_world, hidden_cases, client):
    body = client.get("/cases/silent/?years=1&include_closed=1").content.decode()
    assert "Old report" in body
    assert "Zyx" not in body
    rows = _csv(client.get("/cases/silent.csv?years=1&include_closed=1"))
    assert {r["title"] for r in rows} >= {"Old report", "Incident only"}
    assert not any("Zyx" in r["title"] for r in rows)


def test_silent_page_and_csv(client, silent_world, this_year):
    response = client.get("/cases/silent/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 cases" in body and "Old report" in body and "Recent event" not in body
    rows = _csv(client.get("/cases/silent.csv?years=2"))
    assert [r["title"] for r in rows] == ["Recent event", "Incident only", "Old report"]
    old = rows[-1]
    assert old["last_heard_year"] == str(this_year - 5)
    assert old["report_years"] == str(this_year - 5)
    assert old["status"] == "ongoing"
    assert old["url"].endswith(silent_world["old_report"].get_absolute_url())


def test_silent_takes_the_case_list_filters(client, silent_world):
    silent_world["old_report"].country = Country.objects.get(iso2="DJ")
    silent_world["old_report"].save()
    rows = _csv(client.get("/cases/silent.csv?years=2&country=DJ"))
    assert [r["title"] for r in rows] == ["Old report"]


@pytest.mark.parametrize("params", ["years=abc", "years=0", "years=500", "country=DJ&year=x"])
def test_silent_rejects_bad_parameters(client, db, params):
    assert client.get(f"/cases/silent/?{params}").status_code == 400


@pytest.fixture
def recurring_world(db):
    three = CaseFactory(title="Three reports")
    two = CaseFactory(title="Two reports")
    one = CaseFactory(title="One report")
    for year in (2015, 2017, 2019):
        mention(three, year)
    mention(two, 2018)
    mention(two, 2020, Mention.Kind.FOLLOW_UP)
    mention(one, 2018)
    return {"three": three, "two": two, "one": one}


def test_recurring_rule(recurring_world):
    visible = Case.objects.visible_to(ANONYMOUS)
    rows = recurring(visible, 2)
    assert [(c.title, c.report_count, c.first_report_year, c.last_report_year) for c in rows] == [
        ("Three reports", 3, 2015, 2019),
        ("Two reports", 2, 2018, 2020),
    ]
    assert _titles(recurring(visible, 3)) == ["Three reports"]


def test_recurring_page_and_csv(client, recurring_world, hidden_cases):
    body = client.get("/cases/recurring/").content.decode()
    assert "Three reports" in body and "Two reports" in body and "One report" not in body
    assert "Zyx" not in body
    rows = _csv(client.get("/cases/recurring.csv?min_reports=3"))
    assert [(r["title"], r["report_count"], r["report_years"]) for r in rows] == [
        ("Three reports", "3", "2015;2017;2019")
    ]
    assert client.get("/cases/recurring/?min_reports=1").status_code == 400


def test_a_researcher_with_a_grant_sees_hidden_cases_in_the_lists(client, partner, hidden_cases):
    client.force_login(partner)
    body = client.get("/cases/recurring/").content.decode()
    assert "Zyxrestricted" in body and "Zyxconfidential" in body and "Zyxdraft" not in body


@pytest.mark.parametrize(
    ("url", "action"),
    [
        ("/cases/silent/?years=1", "view"),
        ("/cases/silent.csv?years=1", "export"),
        ("/cases/recurring/", "view"),
        ("/cases/recurring.csv", "export"),
    ],
)
def test_a_partner_listing_granted_cases_is_recorded(client, partner, hidden_cases, url, action):
    client.force_login(partner)
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Zyxconfidential case" in body
    events = AuditEvent.objects.filter(action=action, username="partner")
    assert set(events.values_list("public_id", flat=True)) == {
        hidden_cases["restricted"].public_id,
        hidden_cases["confidential"].public_id,
    }
