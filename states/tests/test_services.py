import datetime

import pytest

from cases.models import Case
from cases.tests.factories import CaseFactory
from cases.visibility import Visibility
from states import services
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

TODAY = datetime.date(2023, 6, 1)


# --- Country names ---------------------------------------------------------------------------


def test_resolver_accepts_codes_names_short_names_and_documented_aliases():
    resolver = services.CountryResolver()
    assert resolver.resolve("NI").iso2 == "NI"
    assert resolver.resolve("NIC").iso2 == "NI"
    assert resolver.resolve("Iran (Islamic Republic of)").iso2 == "IR"
    assert resolver.resolve("  united kingdom ").iso2 == "GB"  # short name, any case
    assert resolver.resolve("Cote d'Ivoire").iso2 == "CI"  # accents ignored
    assert resolver.resolve("Czech Republic").iso2 == "CZ"  # alias
    assert resolver.resolve("Netherlands, the").iso2 == "NL"
    assert resolver.resolve("Turkey").iso2 == "TR"
    assert set(resolver.aliases_used) == {"Czech Republic", "Netherlands, the", "Turkey"}


def test_resolver_never_guesses():
    resolver = services.CountryResolver()
    for text in ("", "Atlantis", "ni", "Republic of", "Korea"):
        assert resolver.resolve(text) is None, text


# --- Council membership ----------------------------------------------------------------------


def test_membership_by_year_and_by_day():
    ie = country("IE")
    fr = country("FR")
    CouncilMembershipFactory(
        country=ie, start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2024, 12, 31)
    )
    # a by-election mid-year: a member for part of 2018 only
    CouncilMembershipFactory(
        country=fr, start_date=datetime.date(2018, 7, 13), end_date=datetime.date(2019, 12, 31)
    )
    assert set(services.members_in_year(2023)) == {ie}
    assert set(services.members_in_year(2018)) == {fr}
    assert set(services.members_in_year(2019)) == {fr}
    assert set(services.members_in_year(2020)) == set()
    assert set(services.members_on(datetime.date(2018, 7, 12))) == set()
    assert set(services.members_on(datetime.date(2018, 7, 13))) == {fr}
    assert services.is_member(ie, datetime.date(2024, 12, 31))
    assert not services.is_member(ie, datetime.date(2025, 1, 1))
    assert services.council_years(ie) == [2022, 2023, 2024]
    assert services.council_year_range() == [2024, 2023, 2022, 2021, 2020, 2019, 2018]


def test_consecutive_terms_count_each_year_once():
    mx = country("MX")
    CouncilMembershipFactory(
        country=mx, start_date=datetime.date(2018, 1, 1), end_date=datetime.date(2020, 12, 31)
    )
    CouncilMembershipFactory(
        country=mx, start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2023, 12, 31)
    )
    assert services.council_years(mx) == list(range(2018, 2024))
    assert services.council_years_by_country()[mx.pk] == set(range(2018, 2024))


# --- Raised cases through the gate ------------------------------------------------------------


@pytest.fixture
def raised_world(db):
    public = CaseFactory(title="Public raised case")
    secret = CaseFactory(title="Zyxconfidential raised case", visibility=Visibility.CONFIDENTIAL)
    draft = CaseFactory(title="Zyxdraft raised case", published_at=None)
    session = SessionFactory(number=54)
    us_public = StatementFactory(session=session, speaker=country("US"), raised_cases=[public])
    us_secret = StatementFactory(session=session, speaker=country("US"), raised_cases=[secret, draft])
    joint = StatementFactory(
        session=session,
        kind=Statement.Kind.JOINT,
        speaker=None,
        leads=[country("IE"), country("UY")],
        joined_by=[country("FR")],
        raised_cases=[secret],
    )
    return {"public": public, "secret": secret, "draft": draft, "statements": [us_public, us_secret, joint]}


def test_raised_by_state_lists_only_visible_cases(raised_world, administrator):
    us = country("US")
    assert [r.case for r in services.raised_by_state(us, None)] == [raised_world["public"]]
    assert {r.case.title for r in services.raised_by_state(us, administrator)} == {
        "Public raised case",
        "Zyxconfidential raised case",
        "Zyxdraft raised case",
    }
    # Ireland led, France joined a statement raising only a confidential case.
    assert services.raised_by_state(country("IE"), None) == []
    rows = services.raised_by_state(country("FR"), administrator)
    assert [(r.case, r.role) for r in rows] == [(raised_world["secret"], services.Role.JOINED)]
    assert services.raised_by_state(country("IE"), administrator)[0].role == services.Role.LED


def test_raised_case_counts_go_through_the_gate(raised_world, administrator):
    ids = {c: country(c).pk for c in ("US", "IE", "UY", "FR")}
    assert services.raised_case_counts(None) == {ids["US"]: 1}
    assert services.raised_case_counts(administrator) == {
        ids["US"]: 3,
        ids["IE"]: 1,
        ids["UY"]: 1,
        ids["FR"]: 1,
    }


def test_states_that_raised_a_case(raised_world, administrator):
    public, secret = raised_world["public"], raised_world["secret"]
    rows = services.states_that_raised(public, None)
    assert [[s.iso2 for s in r["states"]] for r in rows] == [["US"]]
    # A case the user may not see: nothing, not even an empty statement list entry.
    assert services.states_that_raised(secret, None) == []
    rows = services.states_that_raised(secret, administrator)
    assert sorted(tuple(sorted(s.iso2 for s in r["states"])) for r in rows) == [("IE", "UY"), ("US",)]
    joint = next(r for r in rows if r["statement"].kind == "joint")
    assert [c.iso2 for c in joint["joined_by"]] == ["FR"]


def test_cases_concerning_by_year_counts_visible_cases_only():
    ni = country("NI")
    CaseFactory(country=ni, incident_date=datetime.date(2022, 7, 1))
    CaseFactory(country=ni, incident_date=datetime.date(2022, 1, 1))
    CaseFactory(country=ni, incident_date=datetime.date(2020, 1, 1))
    CaseFactory(country=ni, incident_date=None)
    CaseFactory(country=ni, incident_date=datetime.date(2021, 1, 1), visibility=Visibility.CONFIDENTIAL)
    assert services.cases_concerning_by_year(ni, None) == [
        {"year": 2022, "count": 2},
        {"year": 2020, "count": 1},
        {"year": None, "count": 1},
    ]


# --- Who to ask --------------------------------------------------------------------------------


def test_who_to_ask_ranking():
    r1 = ResolutionFactory(symbol="A/HRC/RES/48/17")
    r2 = ResolutionFactory(symbol="A/HRC/54/L.30/Rev.1")
    other = ResolutionFactory(symbol="A/HRC/RES/1/1", on_reprisals=False)
    for iso2 in ("AL", "FJ", "GH", "CL", "US"):
        SponsorshipFactory(resolution=r2, country=country(iso2))
    SponsorshipFactory(resolution=r1, country=country("GH"))  # two co-sponsorships: first
    SponsorshipFactory(resolution=other, country=country("AL"))  # not on reprisals: ignored
    # Council: Fiji sits today; Chile sat for longer in the past than Albania.
    CouncilMembershipFactory(
        country=country("FJ"), start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2024, 12, 31)
    )
    CouncilMembershipFactory(
        country=country("CL"), start_date=datetime.date(2011, 1, 1), end_date=datetime.date(2016, 12, 31)
    )
    CouncilMembershipFactory(
        country=country("AL"), start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2017, 12, 31)
    )
    # The United States raised a public case: never on the list.
    StatementFactory(speaker=country("US"), raised_cases=[CaseFactory()])
    PermanentMissionFactory(country=country("GH"), email="ghana@example.org")
    PermanentMissionFactory(
        country=country("CL"), city=PermanentMission.City.GENEVA, email="chile@example.org"
    )

    rows = services.who_to_ask(None, day=TODAY)
    assert [(r.rank, r.state.iso2) for r in rows] == [(1, "GH"), (2, "FJ"), (3, "CL"), (4, "AL")]
    ghana, fiji, chile, albania = rows
    assert ghana.resolutions == ["A/HRC/54/L.30/Rev.1", "A/HRC/RES/48/17"]
    assert fiji.on_council and not chile.on_council
    assert (chile.council_years, albania.council_years) == (6, 3)
    assert ghana.mission_email == "ghana@example.org"
    assert chile.mission_email == ""  # only the New York mission counts for this list


def test_who_to_ask_ties_broken_by_joint_statements_then_name():
    res = ResolutionFactory()
    for iso2 in ("SE", "AR", "PE"):
        SponsorshipFactory(resolution=res, country=country(iso2))
    StatementFactory(kind=Statement.Kind.JOINT, speaker=None, leads=[country("PE")], joined_by=[])
    assert [r.state.iso2 for r in services.who_to_ask(None, day=TODAY)] == ["PE", "AR", "SE"]


def test_who_to_ask_counts_only_visible_cases():
    """A co-sponsor whose only raised case is confidential still appears for a visitor: the list
    must not reveal, by omission, that a hidden case was raised."""
    res = ResolutionFactory()
    SponsorshipFactory(resolution=res, country=country("NO"))
    StatementFactory(speaker=country("NO"), raised_cases=[CaseFactory(visibility=Visibility.CONFIDENTIAL)])
    assert [r.state.iso2 for r in services.who_to_ask(None, day=TODAY)] == ["NO"]


def test_who_to_ask_excludes_states_that_joined_a_statement_naming_a_case():
    res = ResolutionFactory()
    SponsorshipFactory(resolution=res, country=country("NO"))
    SponsorshipFactory(resolution=res, country=country("SE"))
    StatementFactory(
        kind=Statement.Kind.JOINT,
        speaker=None,
        leads=[country("IE")],
        joined_by=[country("NO")],
        raised_cases=[CaseFactory()],
    )
    assert [r.state.iso2 for r in services.who_to_ask(None, day=TODAY)] == ["SE"]


# --- State list ---------------------------------------------------------------------------------


def test_state_filters():
    res = ResolutionFactory(symbol="A/HRC/54/L.30/Rev.1")
    SponsorshipFactory(resolution=res, country=country("GH"))
    SponsorshipFactory(resolution=res, country=country("FR"))
    CouncilMembershipFactory(
        country=country("FR"), start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2023, 12, 31)
    )

    def names(**params):
        filters = services.StateFilters.from_params(params)
        assert not filters.errors
        return [s.iso2 for s in services.list_states(filters, None)]

    assert names(cosponsor="any") == ["FR", "GH"]
    assert names(cosponsor="A/HRC/54/L.30/Rev.1", region="Africa") == ["GH"]
    assert names(council="2022") == ["FR"]
    assert names(council="2024") == []
    everyone = names()
    assert "PS" in everyone and "HK" not in everyone  # observer States yes, territories no
    bad = services.StateFilters.from_params({"region": "Mars", "council": "abc", "cosponsor": "X/1"})
    assert set(bad.errors) == {"region", "council", "cosponsor"}


# --- Briefing -------------------------------------------------------------------------------------


def test_briefing_lists_open_visible_cases_of_the_region_and_asks():
    ni, hn, dj = country("NI"), country("HN"), country("DJ")
    ongoing = CaseFactory(title="Ongoing in Nicaragua", country=ni, status=Case.Status.ONGOING)
    unknown = CaseFactory(title="Status unknown in Honduras", country=hn, status=Case.Status.UNKNOWN)
    CaseFactory(title="Resolved in Nicaragua", country=ni, status=Case.Status.RESOLVED)
    CaseFactory(title="Zyxconfidential open", country=ni, visibility=Visibility.CONFIDENTIAL)
    CaseFactory(title="Open in Djibouti", country=dj)  # another region
    SponsorshipFactory(country=hn)
    session = SessionFactory(body="hrc_id", number=60, title="Interactive dialogue on reprisals, HRC 60")

    pack = services.briefing(hn, None, session=session, day=TODAY)
    # Honduras is asked to raise the other States' cases, never its own (issue 27).
    assert {c.title for c in pack.open_cases} == {ongoing.title}
    assert pack.open_case_total == 1
    assert pack.concerned_open == 1
    assert unknown.title not in " ".join(pack.asks)
    assert {c.title for c in services.briefing(ni, None, session=session, day=TODAY).open_cases} == {
        unknown.title
    }
    assert pack.raised == []
    assert pack.non_public_count == 0
    text = " ".join(pack.asks)
    assert "never raised an individual case" in text
    assert "Interactive dialogue on reprisals, HRC 60" in text
    assert "Join the cross-regional joint statement" in text
    assert "Honduras is the State concerned" in text


def test_briefing_warns_when_it_holds_non_public_cases(administrator):
    ni = country("NI")
    CaseFactory(country=ni, visibility=Visibility.RESTRICTED)
    pack = services.briefing(country("HN"), administrator, day=TODAY)
    assert pack.non_public_count == 1


def test_next_session_is_the_first_not_yet_over():
    SessionFactory(number=52, start_date=datetime.date(2023, 2, 27), end_date=datetime.date(2023, 4, 4))
    june = SessionFactory(
        number=53, start_date=datetime.date(2023, 6, 19), end_date=datetime.date(2023, 7, 14)
    )
    SessionFactory(number=54, start_date=datetime.date(2023, 9, 11), end_date=datetime.date(2023, 10, 13))
    assert services.next_session(TODAY) == june
    assert services.next_session(datetime.date(2023, 7, 1)) == june
