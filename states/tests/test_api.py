import datetime

import pytest

from cases.tests.factories import CaseFactory
from cases.visibility import Visibility
from states.models import PermanentMission, Statement
from states.tests.factories import (
    CouncilMembershipFactory,
    PermanentMissionFactory,
    ResolutionFactory,
    SessionFactory,
    SponsorshipFactory,
    StatementFactory,
    country,
)

pytestmark = pytest.mark.django_db

PAGE_KEYS = {"count", "limit", "offset", "next", "previous", "results"}
SECRET = "Zyxconfidential API case"


@pytest.fixture
def world(db):
    hrc = SessionFactory(body="hrc", number=54, title="HRC 54")
    dialogue = SessionFactory(body="hrc_id", number=54, title="ID 54", part_of=hrc)
    ga3 = SessionFactory(body="ga3", number=78, title="GA3 78", start_date=None, end_date=None)
    public = CaseFactory(
        title="Public API case", country=country("NI"), incident_date=datetime.date(2022, 7, 1)
    )
    secret = CaseFactory(title=SECRET, country=country("NI"), visibility=Visibility.CONFIDENTIAL)
    StatementFactory(
        session=ga3,
        speaker=country("US"),
        date=datetime.date(2023, 10, 12),
        raised_cases=[public, secret],
        situations="Hong Kong",
    )
    StatementFactory(session=dialogue, speaker=country("CA"), raised_cases=[secret])
    StatementFactory(
        session=ga3,
        kind=Statement.Kind.JOINT,
        speaker=None,
        date=None,
        leads=[country("IE"), country("UY")],
        joined_count_reported=80,
    )
    resolution = ResolutionFactory(symbol="A/HRC/54/L.30/Rev.1", session=hrc)
    for iso2 in ("IE", "US"):
        SponsorshipFactory(resolution=resolution, country=country(iso2))
    CouncilMembershipFactory(
        country=country("US"), start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2024, 12, 31)
    )
    PermanentMissionFactory(country=country("FJ"), email="")
    PermanentMissionFactory(country=country("IE"), email="ireland@example.org")
    PermanentMissionFactory(country=country("IE"), city=PermanentMission.City.GENEVA, email="")
    return {"public": public, "secret": secret}


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


def test_states_list(client, world):
    body = get(client, "/api/v1/states?limit=500")
    assert set(body) == PAGE_KEYS
    assert body["count"] == 195  # 193 member States and 2 observer States
    by_code = {s["iso2"]: s for s in body["results"]}
    assert "HK" not in by_code
    assert by_code["US"]["raised_case_count"] == 1  # the confidential case is not counted
    assert by_code["CA"]["raised_case_count"] == 0
    assert by_code["US"]["council_years"] == [2022, 2023, 2024]
    assert by_code["IE"]["sponsorship_count"] == 1
    assert by_code["US"]["url"].endswith("/states/us/")


def test_states_filters_and_errors(client, world):
    body = get(client, "/api/v1/states?cosponsor=any")
    assert [s["iso2"] for s in body["results"]] == ["IE", "US"]
    body = get(client, "/api/v1/states?council=2023")
    assert [s["iso2"] for s in body["results"]] == ["US"]
    body = get(client, "/api/v1/states?region=Oceania&limit=1")
    assert body["limit"] == 1 and body["next"] and body["previous"] is None
    error = get(client, "/api/v1/states?region=Mars", status=400)
    assert set(error["error"]) == {"code", "message", "details"} and "region" in error["error"]["details"]
    error = get(client, "/api/v1/states?cosponsor=A/XX/1", status=400)
    assert "cosponsor" in error["error"]["details"]


def test_state_detail(client, world, administrator):
    body = get(client, "/api/v1/states/us")
    assert [r["case"]["title"] for r in body["raised"]] == ["Public API case"]
    assert body["raised"][0]["session"] == "ga3-78" and body["raised"][0]["role"] == "spoke"
    assert body["situations_raised"] == ["Hong Kong"]
    assert body["sponsorships"] == [{"resolution": "A/HRC/54/L.30/Rev.1", "role": "co_sponsor"}]
    assert SECRET not in str(body) and world["secret"].public_id not in str(body)
    nicaragua = get(client, "/api/v1/states/NI")
    assert nicaragua["cases_concerned_by_year"] == [{"year": 2022, "count": 1}]
    client.force_login(administrator)
    body = get(client, "/api/v1/states/us")
    assert {r["case"]["title"] for r in body["raised"]} == {"Public API case", SECRET}
    error = get(client, "/api/v1/states/hk", status=404)
    assert error["error"]["code"] == "not_found"


def test_sessions(client, world):
    body = get(client, "/api/v1/sessions")
    assert set(body) == PAGE_KEYS and body["count"] == 3
    by_key = {s["key"]: s for s in body["results"]}
    assert by_key["hrc_id-54"]["part_of"] == "hrc-54"
    assert by_key["ga3-78"]["statement_count"] == 2
    assert by_key["ga3-78"]["start_date"] is None
    body = get(client, "/api/v1/sessions?body=ga3")
    assert [s["key"] for s in body["results"]] == ["ga3-78"]
    get(client, "/api/v1/sessions?body=xyz", status=400)


def test_resolutions(client, world):
    body = get(client, "/api/v1/resolutions")
    assert body["count"] == 1
    resolution = body["results"][0]
    assert resolution["symbol"] == "A/HRC/54/L.30/Rev.1"
    assert resolution["adopted_by"] == "without_vote"
    assert resolution["session"] == "hrc-54"
    assert {s["iso2"] for s in resolution["sponsors"]} == {"IE", "US"}


def test_statements_only_show_visible_cases(client, world, administrator):
    body = get(client, "/api/v1/statements")
    assert set(body) == PAGE_KEYS and body["count"] == 3
    us = next(s for s in body["results"] if s["speaker"] and s["speaker"]["iso2"] == "US")
    assert [c["title"] for c in us["cases"]] == ["Public API case"]
    canada = next(s for s in body["results"] if s["speaker"] and s["speaker"]["iso2"] == "CA")
    assert canada["cases"] == []
    joint = next(s for s in body["results"] if s["kind"] == "joint")
    assert joint["joined_count_reported"] == 80 and joint["joined_by"] == []
    assert {c["iso2"] for c in joint["leads"]} == {"IE", "UY"}
    assert SECRET not in str(body) and world["secret"].public_id not in str(body)
    client.force_login(administrator)
    body = get(client, "/api/v1/statements?session=hrc_id-54")
    assert [c["title"] for c in body["results"][0]["cases"]] == [SECRET]


def test_statement_filters(client, world):
    body = get(client, "/api/v1/statements?state=IE")
    assert [s["kind"] for s in body["results"]] == ["joint"]
    body = get(client, "/api/v1/statements?session=ga3-78&state=US")
    assert body["count"] == 1
    get(client, "/api/v1/statements?session=nope", status=400)
    get(client, "/api/v1/statements?state=ZZ", status=400)


def test_missions_email_null_when_unknown(client, world):
    body = get(client, "/api/v1/missions")
    assert set(body) == PAGE_KEYS and body["count"] == 3
    emails = {(m["state"]["iso2"], m["city"]): m["email"] for m in body["results"]}
    assert emails == {
        ("FJ", "new_york"): None,
        ("IE", "new_york"): "ireland@example.org",
        ("IE", "geneva"): None,
    }
    body = get(client, "/api/v1/missions?city=geneva&state=ie")
    assert body["count"] == 1
    get(client, "/api/v1/missions?city=paris", status=400)
