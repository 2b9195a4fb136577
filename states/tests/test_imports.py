import io

import pytest

from cases.tests.factories import CaseFactory
from states.imports import ImportFailed, import_csv, import_rows
from states.models import CouncilMembership, PermanentMission, Sponsorship, Statement
from states.tests.factories import PermanentMissionFactory, ResolutionFactory, SessionFactory, country

pytestmark = pytest.mark.django_db


def run(kind, text):
    return import_csv(kind, io.BytesIO(text.encode("utf-8")))


def errors_of(kind, text) -> list[str]:
    with pytest.raises(ImportFailed) as info:
        run(kind, text)
    return [str(e) for e in info.value.errors]


# --- Missions ------------------------------------------------------------------------------------

MISSIONS = (
    "country,city,name,email,phone,website,time_zone,office_hours,notes\n"
    "IE,New York,Permanent Mission of Ireland,ireland@example.org,+1 212 000 0000,https://example.org/ie,,Mon-Fri 9-17,\n"
    "Uruguay,geneva,Permanent Mission of Uruguay,,,,,,address not published\n"
)


def test_missions_import_and_reimport():
    result = run("missions", MISSIONS)
    assert (result.created, result.updated) == (2, 0)
    ireland = PermanentMission.objects.get(country__iso2="IE")
    assert ireland.city == PermanentMission.City.NEW_YORK
    assert ireland.time_zone == "America/New_York"  # default for the city
    uruguay = PermanentMission.objects.get(country__iso2="UY")
    assert uruguay.email == "" and uruguay.time_zone == "Europe/Zurich"
    history = PermanentMission.history.count()
    result = run("missions", MISSIONS)
    assert (result.created, result.updated) == (0, 2)
    assert PermanentMission.history.count() == history  # unchanged rows are not saved again


def test_missions_with_bad_rows_are_reported_by_line_and_nothing_is_written():
    PermanentMissionFactory(country=country("FR"), name="Old name")
    text = (
        "country,city,name,email,phone,website,time_zone,office_hours,notes\n"
        "FR,New York,New name,,,,,,\n"  # line 2: fine, but must not be written
        "Atlantis,New York,Mission of Atlantis,,,,,,\n"  # 3: unknown country
        "DE,Paris,Mission of Germany,,,,,,\n"  # 4: unknown city
        "ES,Geneva,Mission of Spain,not-an-address,,,,,\n"  # 5: bad e-mail
        "IT,Geneva,,,,,Mars/Olympus,,\n"  # 6: no name, unknown time zone
        "FR,new york,Duplicate,,,,,,\n"  # 7: same mission as line 2
    )
    errors = errors_of("missions", text)
    joined = "\n".join(errors)
    assert "line 3, country: unknown country: Atlantis" in joined
    assert "line 4, city: unknown value Paris" in joined
    assert any(e.startswith("line 5, email:") for e in errors)
    assert "line 6, name: required" in joined
    assert any(e.startswith("line 6, time_zone: unknown time zone") for e in errors)
    assert "line 7, city: this mission is already on line 2" in joined
    assert not any(e.startswith("line 2") for e in errors)
    # Nothing half-imported: the valid line 2 was not applied, no mission was added.
    assert PermanentMission.objects.get(country__iso2="FR").name == "Old name"
    assert PermanentMission.objects.count() == 1


def test_unknown_and_missing_columns_are_refused():
    assert errors_of("missions", "country,city,nam\nIE,Geneva,x\n") == [
        "line 1: missing columns: name",
        "line 1: unknown columns: nam; expected: country, city, name, email, phone, website, time_zone, "
        "office_hours, notes",
    ]
    assert errors_of("missions", "") == ["line 1: the file is empty"]
    assert errors_of("missions", "country,city,name\nIE,Geneva,x,extra\n") == [
        "line 2: more cells than columns in the header"
    ]


def test_non_utf8_file_is_refused():
    with pytest.raises(ImportFailed) as info:
        import_csv("missions", io.BytesIO("country,city,name\nCôte,Geneva,x\n".encode("latin-1")))
    assert "not UTF-8" in str(info.value)


def test_bom_and_blank_lines_are_accepted():
    result = run("missions", "\ufeffcountry,city,name\n\nIE,Geneva,Mission of Ireland in Geneva\n")
    assert result.created == 1


# --- Council terms ------------------------------------------------------------------------------

MEMBERSHIPS_HEADER = "country,regional_group,election_year,term_start,term_end,source,note\n"


def test_memberships_import_with_aliases_and_source_url():
    text = MEMBERSHIPS_HEADER + (
        "Czech Republic,Eastern European,2006,2006-06-19,2007-06-18,"
        "https://example.org/list (copy of OHCHR membership list),initial staggered term by lot\n"
        "Iceland,WEOG,2018,2018-07-13,2019-12-31,(knowledge; replaces United States) - verify,by-election\n"
    )
    result = run("memberships", text)
    assert result.created == 2
    assert result.aliases_used == {"Czech Republic": "Czechia"}
    czechia = CouncilMembership.objects.get(country__iso2="CZ")
    assert czechia.source_url == "https://example.org/list"
    assert czechia.regional_group == "Eastern European"
    iceland = CouncilMembership.objects.get(country__iso2="IS")
    assert iceland.regional_group == "Western European and other"
    assert iceland.source_url == "" and iceland.needs_verification


def test_membership_errors():
    text = MEMBERSHIPS_HEADER + (
        "Ireland,Western European and other,2021,2022-01-01,2024-12-31,,\n"
        "Ruritania,African,2021,2022-01-01,2024-12-31,,\n"
        "Ghana,Martian,2021,2022-01-01,2024-12-31,,\n"
        "Chile,GRULAC,twenty,2022-13-01,2021-12-31,,\n"
        "Chile,GRULAC,2020,2021-01-01,2020-12-31,,\n"
    )
    errors = errors_of("memberships", text)
    assert "line 3, country: unknown country: Ruritania" in errors
    assert any(e.startswith("line 4, regional_group: unknown value Martian") for e in errors)
    assert "line 5, election_year: not a whole number: twenty" in errors
    assert "line 5, term_start: not a date in the form YYYY-MM-DD: 2022-13-01" in errors
    assert "line 6, term_end: the term ends before it starts" in errors
    assert CouncilMembership.objects.count() == 0


# --- Sponsors -------------------------------------------------------------------------------------


def test_sponsors_import():
    ResolutionFactory(symbol="A/HRC/54/L.30/Rev.1")
    text = (
        "resolution,country,role,note\nA/HRC/54/L.30/Rev.1,Fiji,main sponsor,\nA/HRC/54/L.30/Rev.1,Turkey,,\n"
    )
    assert run("sponsors", text).created == 2
    roles = dict(Sponsorship.objects.values_list("country__iso2", "role"))
    assert roles == {"FJ": "sponsor", "TR": "co_sponsor"}


def test_sponsor_errors_leave_nothing_behind():
    ResolutionFactory(symbol="A/HRC/54/L.30/Rev.1")
    text = (
        "resolution,country,role\n"
        "A/HRC/54/L.30/Rev.1,Fiji,co-sponsor\n"
        "A/HRC/99/L.1,Ghana,co-sponsor\n"
        "A/HRC/54/L.30/Rev.1,Narnia,co-sponsor\n"
        "A/HRC/54/L.30/Rev.1,FJ,observer\n"
        "A/HRC/54/L.30/Rev.1,fiji,sponsor\n"
    )
    errors = errors_of("sponsors", text)
    assert errors[0].startswith("line 3, resolution: unknown resolution A/HRC/99/L.1")
    assert "line 4, country: unknown country: Narnia" in errors
    assert any(e.startswith("line 5, role: unknown value observer") for e in errors)
    assert "line 6, country: this State is already listed for this resolution on line 2" in errors
    assert Sponsorship.objects.count() == 0


# --- Statements ----------------------------------------------------------------------------------

STATEMENTS_HEADER = "session,date,kind,speaker,leads,joined_by,joined_count_reported,title,summary,cases,situations,source_url,note\n"


def test_statements_import_national_and_joint_idempotent():
    SessionFactory(body="ga3", number=78, title="Third Committee, 78th session")
    case = CaseFactory(title="Anexa Alfred Cunningham")
    text = STATEMENTS_HEADER + (
        f"ga3:78,2023-10-12,national,United States,,,,Dialogue,Named cases,{case.public_id},Hong Kong,,\n"
        "ga3 78,,,,Ireland;Uruguay,Chile;Peru,80,Joint statement on reprisals,,,,,names partly known\n"
    )
    result = run("statements", text)
    assert result.created == 2
    national = Statement.objects.get(kind="national")
    assert national.speaker.iso2 == "US" and list(national.raised_cases.all()) == [case]
    assert national.situation_list == ["Hong Kong"]
    joint = Statement.objects.get(kind="joint")  # kind inferred from the lead States
    assert sorted(c.iso2 for c in joint.leads.all()) == ["IE", "UY"]
    assert sorted(c.iso2 for c in joint.joined_by.all()) == ["CL", "PE"]
    assert joint.joined_count_reported == 80 and joint.date is None
    result = run("statements", text)
    assert (result.created, result.updated) == (0, 2)
    assert Statement.objects.count() == 2


def test_statement_errors():
    SessionFactory(body="hrc_id", number=54, title="ID 54")
    text = STATEMENTS_HEADER + (
        "hrc_id:54,2023-09-28,national,Canada,,,,ok,,,,,\n"  # 2: fine
        "hrc:99,2023-09-28,national,Canada,,,,,,,,,\n"  # 3: unknown session
        "hrc_id:54,2023-09-28,national,,,,,,,,,,\n"  # 4: national without speaker
        "hrc_id:54,2023-09-28,joint,Canada,,,,,,,,,\n"  # 5: joint with speaker, no leads
        "hrc_id:54,28/09/2023,national,Canada,,Gondor,,,,nosuchcase,,,\n"  # 6
        "hrc_id:54,,,,,,,,,,,,\n"  # 7: neither speaker nor leads
    )
    errors = errors_of("statements", text)
    assert any(e.startswith("line 3, session: unknown session hrc:99") for e in errors)
    assert "line 4, speaker: a national statement needs its speaking State" in errors
    assert "line 5, speaker: a joint statement has lead States, not a speaker" in errors
    assert "line 5, leads: a joint statement needs at least one lead State" in errors
    assert "line 6, date: not a date in the form YYYY-MM-DD: 28/09/2023" in errors
    assert "line 6, joined_by: unknown country: Gondor" in errors
    assert "line 6, cases: unknown case id: nosuchcase" in errors
    assert "line 7, kind: required" in errors
    assert not any(e.startswith("line 2") for e in errors)
    assert Statement.objects.count() == 0


def test_a_failure_while_writing_rolls_everything_back(monkeypatch):
    """Rows that pass the checks but fail in the database: nothing stays, the line is named."""
    from django.db import IntegrityError

    calls = []
    original = PermanentMission.save

    def save(self, *args, **kwargs):
        calls.append(self.country.iso2)
        if self.country.iso2 == "UY":
            raise IntegrityError("simulated")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PermanentMission, "save", save)
    with pytest.raises(ImportFailed) as info:
        run("missions", MISSIONS)
    assert str(info.value.errors[0]).startswith("line 3: could not be saved")
    assert calls == ["IE", "UY"]
    assert PermanentMission.objects.count() == 0


def test_unknown_kind():
    with pytest.raises(ImportFailed):
        import_rows("planets", [])


def test_line_numbers_follow_physical_lines_with_multiline_cells():
    text = 'country,city,name,notes\nIE,Geneva,Mission,"two\nlines"\nAtlantis,Geneva,Mission,\n'
    assert errors_of("missions", text) == ["line 4, country: unknown country: Atlantis"]
