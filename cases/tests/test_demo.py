"""The reference list of the Secretary-General's reports and the demo data (load_demo)."""

from io import StringIO

import pytest
from django.core.management import call_command

from cases.demo import DemoDataError, load_demo
from cases.demo.generator import CASE_COUNT, generate
from cases.demo.seed_cases import SEED_CASES
from cases.filters import CaseQuery, search_cases
from cases.models import Case, Country, Mention, Paragraph, Report, Victim
from cases.reference.loader import load_reference
from cases.visibility import ANONYMOUS, Visibility

pytestmark = pytest.mark.django_db

SG_REPORTS = {
    2010: "A/HRC/14/19",
    2011: "A/HRC/18/19",
    2012: "A/HRC/21/18",
    2013: "A/HRC/24/29",
    2014: "A/HRC/27/38",
    2015: "A/HRC/30/29",
    2016: "A/HRC/33/19",
    2017: "A/HRC/36/31",
    2018: "A/HRC/39/41",
    2019: "A/HRC/42/30",
    2020: "A/HRC/45/36",
    2021: "A/HRC/48/28",
    2022: "A/HRC/51/47",
    2023: "A/HRC/54/61",
    2024: "A/HRC/57/60",
}


@pytest.fixture
def demo():
    return load_demo()


def _table_sizes():
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (Case, Victim, Mention, Paragraph, Report)
    }


def _search(q, user=ANONYMOUS):
    return list(search_cases(Case.objects.visible_to(user), CaseQuery(q=q)))


# -- reference list of reports -----------------------------------------------------------------


def test_reference_lists_the_secretary_generals_reports():
    reports = Report.objects.filter(is_demo=False)
    assert {r.year: r.symbol for r in reports} == SG_REPORTS
    for report in reports:
        assert report.session == int(report.symbol.split("/")[2])
        assert report.title.startswith("Cooperation with the United Nations")


def test_load_reference_counts_reports_and_is_idempotent():
    before = Report.history.count()
    counts = load_reference()
    assert counts["reports"] == len(SG_REPORTS)
    assert Report.history.count() == before  # nothing changed, so nothing saved


# -- counts and idempotency --------------------------------------------------------------------


def test_counts(demo):
    assert demo["seed_cases"] == len(SEED_CASES) == 5
    assert demo["demo_cases"] == CASE_COUNT
    assert demo["demo_reports"] == 14
    assert demo["created_cases"] == CASE_COUNT + 5
    assert demo["demo_paragraphs"] == Mention.objects.filter(case__is_demo=True).count()
    demo_cases = Case.objects.filter(is_demo=True)
    assert demo_cases.values("country").distinct().count() >= 30
    years = {d.year for d in demo_cases.exclude(incident_date=None).values_list("incident_date", flat=True)}
    assert min(years) == 2009 and max(years) == 2023
    assert set(Report.objects.filter(is_demo=True).values_list("year", flat=True)) == set(range(2010, 2024))


def test_second_run_changes_nothing(demo):
    sizes = _table_sizes()
    again = load_demo()
    assert again["created_cases"] == again["created_reports"] == 0
    assert {k: v for k, v in again.items() if not k.startswith("created")} == {
        k: v for k, v in demo.items() if not k.startswith("created")
    }
    assert _table_sizes() == sizes


def test_generation_is_deterministic():
    names = dict(Country.objects.values_list("iso2", "name"))
    first, second = generate(names), generate(names)
    assert first == second
    assert len({s.public_id for s in first}) == CASE_COUNT


def test_only_missing_cases_are_created(monkeypatch):
    """A partly loaded demo set (e.g. an interrupted run, or cases deleted since) is completed."""
    import cases.demo

    full = cases.demo.generate
    monkeypatch.setattr(cases.demo, "generate", lambda names: full(names)[:10])
    partial = load_demo()
    assert partial["demo_cases"] == 10
    monkeypatch.setattr(cases.demo, "generate", full)
    complete = load_demo()
    assert complete["created_cases"] == CASE_COUNT - 10
    assert complete["demo_cases"] == CASE_COUNT
    assert complete["demo_paragraphs"] == Mention.objects.filter(case__is_demo=True).count()


def test_needs_the_reference_data():
    Report.objects.filter(symbol="A/HRC/39/41").delete()
    with pytest.raises(DemoDataError, match="load_reference"):
        load_demo()


def test_command_reports_what_it_did():
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert f"{CASE_COUNT} demo cases" in out.getvalue()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "created 0 cases" in out.getvalue()


# -- synthetic set -----------------------------------------------------------------------------


def test_every_synthetic_record_is_labelled(demo):
    for case in Case.objects.filter(is_demo=True).prefetch_related(
        "victims", "mechanisms", "reprisal_types", "mentions__paragraph__report"
    ):
        assert case.title.startswith("[Demo] ")
        assert 1 <= len(case.victims.all()) <= 3
        assert 1 <= len(case.mechanisms.all()) <= 3
        assert 1 <= len(case.reprisal_types.all()) <= 3
        mentions = list(case.mentions.all())
        assert [m.kind for m in mentions] == ["first"] + ["follow_up"] * (len(mentions) - 1)
        for mention in mentions:
            paragraph = mention.paragraph
            assert mention.report.is_demo and paragraph.report_id == mention.report_id
            assert paragraph.text.startswith("[Demo]")
            assert paragraph.country_heading == case.country.name
            if mention.report.year < 2017:
                assert paragraph.section == Paragraph.Section.BODY
            else:
                expected = "annex_1" if mention.kind == Mention.Kind.FIRST else "annex_2"
                assert paragraph.section == expected
    for report in Report.objects.filter(is_demo=True):
        assert report.symbol == f"DEMO/{report.year}"
        assert "demonstration" in report.title
    # Anonymous visitors can tell every demo record from a real one.
    assert not Case.objects.filter(is_demo=True).exclude(title__startswith="[Demo] ").exists()
    assert (
        not Victim.objects.filter(case__is_demo=True, name__gt="").exclude(name__startswith="Demo ").exists()
    )


def test_about_a_third_of_synthetic_cases_have_follow_ups(demo):
    followed = Case.objects.filter(is_demo=True, mentions__kind=Mention.Kind.FOLLOW_UP).distinct().count()
    assert followed / CASE_COUNT == pytest.approx(0.30, abs=0.05)


def test_visibility_mix(demo):
    demo_cases = Case.objects.filter(is_demo=True)
    public = demo_cases.filter(visibility=Visibility.PUBLIC, published_at__isnull=False).count()
    assert public / CASE_COUNT == pytest.approx(0.85, abs=0.03)
    assert demo_cases.filter(visibility=Visibility.RESTRICTED).count() > 0
    assert demo_cases.filter(visibility=Visibility.CONFIDENTIAL).count() > 0
    assert demo_cases.filter(published_at__isnull=True).count() > 0
    assert Case.objects.visible_to(ANONYMOUS).filter(is_demo=True).count() == public


# -- real campaign cases -----------------------------------------------------------------------


def test_real_campaign_cases(demo):
    real = {c.title: c for c in Case.objects.filter(is_demo=False)}
    assert set(real) == {s.title for s in SEED_CASES}
    for case in real.values():
        assert case.visibility == Visibility.PUBLIC and case.is_published
        assert case.status == Case.Status.ONGOING
        assert case.perpetrator_kind == Case.Perpetrator.STATE
        assert not case.title.startswith("[Demo]")
        assert case.incident_date_precision == Case.DatePrecision.MONTH
        assert 3 <= case.summary.count(". ") + 1 <= 5
    assert Case.objects.visible_to(ANONYMOUS).filter(is_demo=False).count() == 5

    def mentions(title):
        return [(m.report.symbol, m.kind, m.paragraph_id) for m in real[title].mentions.all()]

    assert mentions("Kadar Abdi Ibrahim") == [
        ("A/HRC/39/41", "first", None),
        ("A/HRC/42/30", "follow_up", None),
        ("A/HRC/45/36", "follow_up", None),
        ("A/HRC/48/28", "follow_up", None),
        ("A/HRC/51/47", "follow_up", None),
    ]
    assert mentions("Amina al-Abdouli and Maryam al-Balushi") == [
        ("A/HRC/42/30", "first", None),
        ("A/HRC/45/36", "follow_up", None),
        ("A/HRC/48/28", "follow_up", None),
    ]
    assert mentions("Hong Kong civil society: the Civil Human Rights Front") == [
        ("A/HRC/48/28", "first", None)
    ]
    assert mentions("Anexa Alfred Cunningham") == []
    assert mentions("Vanessa Mendoza Cortés") == []

    anexa = real["Anexa Alfred Cunningham"]
    assert anexa.country.iso2 == "NI"
    assert set(anexa.mechanisms.values_list("slug", flat=True)) == {"emrip"}
    assert set(anexa.reprisal_types.values_list("slug", flat=True)) == {"travel-ban"}
    assert anexa.victims.get().gender == Victim.Gender.FEMALE
    hong_kong = real["Hong Kong civil society: the Civil Human Rights Front"]
    assert hong_kong.country.iso2 == "HK"
    assert hong_kong.victims.get().kind == Victim.Kind.ORGANISATION
    uae = real["Amina al-Abdouli and Maryam al-Balushi"]
    assert sorted(uae.victims.values_list("name", flat=True)) == ["Amina al-Abdouli", "Maryam al-Balushi"]


# -- search ------------------------------------------------------------------------------------


def test_search_finds_a_demo_case_by_victim_name(demo):
    victim = (
        Victim.objects.filter(
            case__is_demo=True,
            case__visibility=Visibility.PUBLIC,
            case__published_at__isnull=False,
            name__startswith="Demo Person",
        )
        .select_related("case")
        .first()
    )
    assert victim.case in _search(f'"{victim.name}"')
    assert victim.case in _search(victim.name)


def test_search_finds_real_cases():
    load_demo()
    assert [c.title for c in _search("Kadar")] == ["Kadar Abdi Ibrahim"]
    assert "Anexa Alfred Cunningham" in [c.title for c in _search("Miskitu")]


def test_search_does_not_reveal_hidden_demo_cases(demo):
    hidden = Victim.objects.filter(case__is_demo=True, name__startswith="Demo Person").exclude(
        case__in=Case.objects.visible_to(ANONYMOUS)
    )
    assert hidden.exists()
    for victim in hidden:
        assert victim.case not in _search(f'"{victim.name}"')
