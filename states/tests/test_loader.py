import csv

import pytest
from django.core.management import call_command

from cases.tests.factories import CaseFactory
from states.models import CouncilMembership, Resolution, Session, Sponsorship, Statement
from states.reference import demo
from states.reference.loader import MEMBERSHIP_CSV, load_states

pytestmark = pytest.mark.django_db


def test_load_states_loads_every_council_term_and_the_campaign_facts():
    anexa = CaseFactory(title="Anexa Alfred Cunningham")
    report = load_states()
    with MEMBERSHIP_CSV.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert report.unmapped == {}
    assert report.memberships_total == len(rows) == CouncilMembership.objects.count() == 345
    assert report.aliases == {
        "Czech Republic": "Czechia",
        "Netherlands, the": "Netherlands (Kingdom of the)",
        "The former Yugoslav Republic of Macedonia": "North Macedonia",
        "Turkey": "Türkiye",
        # as right-docs writes the co-sponsors of A/HRC/RES/36/21
        "Korea, Republic of": "Republic of Korea",
        "Moldova, Republic of": "Republic of Moldova",
    }
    # 47 States on the Council in a full year.
    assert (
        CouncilMembership.objects.filter(start_date__lte="2023-06-01", end_date__gte="2023-06-01").count()
        == 47
    )

    resolution = Resolution.objects.get(symbol="A/HRC/54/L.30/Rev.1")
    assert resolution.adopted_by == Resolution.Adoption.WITHOUT_VOTE
    assert resolution.session.key == "hrc-54"
    assert len(demo.CO_SPONSORS) == 75 and report.unmapped_sponsors == []
    assert resolution.sponsorships.count() == 75
    assert set(Sponsorship.objects.values_list("role", flat=True)) == {"co_sponsor"}

    dialogue = Session.objects.get(body="hrc_id", number=54)
    assert dialogue.part_of.key == "hrc-54"
    assert dialogue.reported_states_raising_cases == 13
    # The campaign page names none of the 13 States; the statements there come from the public
    # sources loaded with them (hrc_states_raising_reprisal_cases.csv), each with its source.
    assert all(s.source_url for s in dialogue.statements.all())

    us = Statement.objects.get(kind="national", session__body="ga3")
    assert us.speaker.iso2 == "US" and us.session.key == "ga3-78"
    assert list(us.raised_cases.all()) == [anexa]
    assert us.situation_list == ["Hong Kong"]
    joint = Statement.objects.get(kind="joint", session__body="ga3", session__number=78)
    assert sorted(c.iso2 for c in joint.leads.all()) == ["IE", "UY"]
    assert joint.joined_count_reported == 80
    assert not joint.joined_by.exists()  # the 80 are not named by the source


def test_load_states_is_idempotent_and_keeps_staff_additions():
    load_states()
    counts = [m.objects.count() for m in (CouncilMembership, Session, Resolution, Sponsorship, Statement)]
    histories = [m.history.count() for m in (CouncilMembership, Session, Resolution, Sponsorship, Statement)]
    joint = Statement.objects.get(kind="joint", session__body="ga3", session__number=78)
    from states.tests.factories import country

    joint.joined_by.add(country("CL"))  # a curator records a State that joined
    report = load_states()
    assert [
        m.objects.count() for m in (CouncilMembership, Session, Resolution, Sponsorship, Statement)
    ] == counts
    assert [m.history.count() for m in (CouncilMembership, Session, Resolution, Sponsorship)] == histories[:4]
    assert report.memberships_updated == 345 and report.memberships_created == 0
    assert [c.iso2 for c in joint.joined_by.all()] == ["CL"]


def test_missing_case_is_skipped_and_reported():
    report = load_states()
    assert report.missing_cases == ["Anexa Alfred Cunningham"]
    assert not Statement.objects.get(kind="national", session__body="ga3").raised_cases.exists()


def test_unmapped_names_are_reported_not_created(monkeypatch, tmp_path):
    from states.reference import loader

    path = tmp_path / "terms.csv"
    path.write_text(
        "country,regional_group,election_year,term_start,term_end,source,note\n"
        "Ireland,Western European and other,2021,2022-01-01,2024-12-31,https://example.org,\n"
        "Freedonia,African,2021,2022-01-01,2024-12-31,https://example.org,\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(loader, "MEMBERSHIP_CSV", path)
    report = load_states(demo_data=False)
    assert report.unmapped == {"Freedonia": [3]}
    assert report.memberships_total == 1
    # Without the demo, the only sessions are those of the statements from public sources.
    assert all(s.statements.exclude(source_url="").exists() for s in Session.objects.exclude(number=57))


def test_load_states_command_reports(capsys):
    call_command("load_states")
    out = capsys.readouterr().out
    assert "Council terms: 345 loaded (345 new, 0 already there)" in out
    assert "Czech Republic -> Czechia" in out
    assert "co-sponsors of the demo resolution: 75" in out
    assert "not linked" in out
