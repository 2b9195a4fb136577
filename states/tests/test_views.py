import csv
import datetime
import io

import pytest

from cases.models import Case
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

SECRET = "Zyxconfidential raised title"


@pytest.fixture
def world(db):
    session = SessionFactory(
        body="ga3", number=78, title="Third Committee, 78th session", start_date=None, end_date=None
    )
    dialogue = SessionFactory(
        body="hrc_id",
        number=54,
        title="Interactive dialogue on reprisals, HRC 54",
        reported_states_raising_cases=13,
        note="Thirteen States named cases; not yet recorded one by one.",
    )
    public = CaseFactory(
        title="Anexa Alfred Cunningham", country=country("NI"), incident_date=datetime.date(2022, 7, 1)
    )
    secret = CaseFactory(title=SECRET, country=country("NI"), visibility=Visibility.CONFIDENTIAL)
    draft = CaseFactory(title="Zyxdraft raised title", country=country("NI"), published_at=None)
    national = StatementFactory(
        session=session,
        speaker=country("US"),
        date=datetime.date(2023, 10, 12),
        summary="Named cases.",
        situations="Hong Kong",
        raised_cases=[public, secret, draft],
    )
    joint = StatementFactory(
        session=session,
        kind=Statement.Kind.JOINT,
        speaker=None,
        date=None,
        title="Cross-regional joint statement",
        leads=[country("IE"), country("UY")],
        joined_count_reported=80,
        raised_cases=[secret],
    )
    resolution = ResolutionFactory(symbol="A/HRC/54/L.30/Rev.1")
    for iso2 in ("IE", "UY", "FJ", "US"):
        SponsorshipFactory(resolution=resolution, country=country(iso2))
    CouncilMembershipFactory(
        country=country("FJ"), start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2099, 12, 31)
    )
    PermanentMissionFactory(country=country("FJ"), email="")
    PermanentMissionFactory(country=country("IE"), email="ireland@example.org")
    return {
        "session": session,
        "dialogue": dialogue,
        "public": public,
        "secret": secret,
        "national": national,
        "joint": joint,
    }


def _text(response) -> str:
    return response.content.decode()


def test_state_list_and_filters(client, world):
    response = client.get("/states/")
    assert response.status_code == 200
    page = _text(response)
    assert "Fiji" in page and "Hong Kong" not in page  # territories are not States
    response = client.get("/states/?cosponsor=A/HRC/54/L.30/Rev.1&region=Oceania")
    page = _text(response)
    assert "Fiji" in page and "Ireland" not in page
    response = client.get("/states/?council=2023")
    assert "Fiji" in _text(response) and "Uruguay" not in _text(response)
    assert client.get("/states/?region=Mars").status_code == 400


def test_state_page_shows_visible_raised_cases_only(client, world, administrator):
    response = client.get("/states/us/")
    assert response.status_code == 200
    page = _text(response)
    assert "Anexa Alfred Cunningham" in page
    assert "Third Committee, 78th session" in page
    assert "Hong Kong" in page  # situation raised
    assert "A/HRC/54/L.30/Rev.1" in page
    assert SECRET not in page and "Zyxdraft" not in page
    assert world["secret"].public_id not in page
    client.force_login(administrator)
    page = _text(client.get("/states/us/"))
    assert SECRET in page and "Zyxdraft" in page


def test_state_page_counts_cases_concerning_it_through_the_gate(client, world):
    page = _text(client.get("/states/ni/"))
    # Nicaragua is the State concerned in one visible case (2022); the two hidden ones are not counted.
    assert "2022" in page
    assert '<td class="num">1</td>' in page
    assert '<td class="num">3</td>' not in page and '<td class="num">2</td>' not in page


def test_state_page_mission_without_email_is_not_guessed(client, world):
    page = _text(client.get("/states/fj/"))
    assert "not known" in page
    assert "@" not in page.split("Permanent missions")[1].split("</section>")[0]
    assert "member of the Human Rights Council today" in page


def test_joint_statement_led_shown_on_lead_state_page(client, world):
    page = _text(client.get("/states/ie/"))
    assert "Cross-regional joint statement" in page
    assert SECRET not in page
    assert "ireland@example.org" in page


def test_state_pages_404(client, world):
    assert client.get("/states/US/").status_code == 404  # one address per page: lower case
    assert client.get("/states/hk/").status_code == 404  # a territory, not a State
    assert client.get("/states/zz/").status_code == 404


def test_session_page_who_raised_what(client, world, administrator):
    response = client.get(world["session"].get_absolute_url())
    assert response.status_code == 200
    page = _text(response)
    assert "United States" in page and "Anexa Alfred Cunningham" in page
    assert "Ireland" in page and "Uruguay" in page
    assert "Reported to have been joined by 80 States." in page
    assert SECRET not in page and "Zyxdraft" not in page
    client.force_login(administrator)
    assert SECRET in _text(client.get(world["session"].get_absolute_url()))


def test_session_page_with_reported_count_and_list(client, world):
    page = _text(client.get(world["dialogue"].get_absolute_url()))
    assert "13 States raised individual cases" in page
    assert "No statement recorded for this session." in page
    assert client.get("/sessions/999999/").status_code == 404
    page = _text(client.get("/sessions/"))
    assert "Interactive dialogue on reprisals, HRC 54" in page


def test_who_to_ask_page_and_csv(client, world):
    page = _text(client.get("/states/who-to-ask/"))
    # US raised a public case; Ireland and Uruguay only a confidential one (not visible): listed.
    assert "Fiji" in page and "Ireland" in page and "Uruguay" in page
    assert "United States" not in page
    response = client.get("/states/who-to-ask.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["iso2"] for r in rows] == [
        "FJ",
        "IE",
        "UY",
    ]  # Fiji sits on the Council; then by joint statements, name
    assert rows[0]["on_council_now"] == "true"
    assert rows[0]["new_york_mission_email"] == ""
    assert rows[1]["new_york_mission_email"] == "ireland@example.org"


def test_who_to_ask_for_someone_who_sees_the_confidential_case(client, world, administrator):
    client.force_login(administrator)
    rows = list(csv.DictReader(io.StringIO(client.get("/states/who-to-ask.csv").content.decode())))
    assert [r["iso2"] for r in rows] == ["FJ"]


def test_briefing_pack_html(client, world):
    open_case = CaseFactory(title="Open case in Honduras", country=country("HN"), status=Case.Status.UNKNOWN)
    CaseFactory(title="Resolved case in Honduras", country=country("HN"), status=Case.Status.RESOLVED)
    response = client.get("/states/us/briefing/")
    assert response.status_code == 200
    page = _text(response)
    assert open_case.title in page and "Resolved case in Honduras" not in page
    assert "Anexa Alfred Cunningham" in page  # open, in the Americas, and raised by the US before
    assert SECRET not in page and "Zyxdraft" not in page
    assert "What we ask" in page
    response = client.get(f"/states/us/briefing/?session={world['session'].pk}")
    assert "For:" in _text(response) and "Third Committee, 78th session" in _text(response)
    assert client.get("/states/us/briefing/?session=abc").status_code == 404


def test_briefing_pack_pdf(client, world):
    response = client.get("/states/us/briefing.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"attachment" not in response["Content-Disposition"].encode()


def test_pages_work_without_a_visible_case(client, db):
    for url in ("/states/", "/states/fj/", "/states/fj/briefing/", "/states/who-to-ask/", "/sessions/"):
        assert client.get(url).status_code == 200, url


def test_mission_email_not_shown_when_unknown_in_briefing(client, world):
    PermanentMission.objects.filter(country__iso2="FJ").update(email="")
    page = _text(client.get("/states/fj/briefing/"))
    assert "E-mail: not known" in " ".join(page.split())


def test_regular_session_page_includes_its_interactive_dialogue(client, db):
    regular = SessionFactory(body="hrc", number=54, title="HRC 54 regular session")
    dialogue = SessionFactory(body="hrc_id", number=54, title="HRC 54 dialogue", part_of=regular)
    StatementFactory(
        session=dialogue, speaker=country("CA"), raised_cases=[CaseFactory(title="Raised at the dialogue")]
    )
    page = _text(client.get(regular.get_absolute_url()))
    assert "HRC 54 dialogue" in page and "Canada" in page and "Raised at the dialogue" in page
