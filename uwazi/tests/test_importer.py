"""The Uwazi import end to end on the fixture exports (uwazi/tests/fixtures, written by
make_fixtures.py in the documented format)."""

import csv
import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import Case, Mention, Paragraph, Report
from cases.visibility import Visibility
from states.models import Session, Statement
from uwazi.importer import import_uwazi
from uwazi.models import ImportRun, SourceRecord

FIXTURES = Path(__file__).parent / "fixtures"
EN = (FIXTURES / "ishr_export_en.csv").read_bytes()
LATER = (FIXTURES / "ishr_export_en_later.csv").read_bytes()
ES = (FIXTURES / "ishr_export_es.csv").read_bytes()


@pytest.fixture(autouse=True)
def mapping_file(settings, tmp_path):
    settings.UWAZI_MAPPING_FILE = str(tmp_path / "uwazi-mapping.json")
    return tmp_path / "uwazi-mapping.json"


def _record(key):
    return SourceRecord.objects.select_related("case", "mention__report", "mention__paragraph").get(key=key)


def _fixture_rows(data=EN):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _with_cell(data: bytes, line: int, label: str, value: str) -> bytes:
    rows = _fixture_rows(data)
    rows[line - 2][label] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.mark.django_db
def test_the_fixture_covers_every_field_of_the_ishr_template():
    header = next(csv.reader(io.StringIO(EN.decode())))
    template = (Path(__file__).parents[2] / "uwazi" / "ishr_mapping.json").read_text()
    english = [labels[0] for labels in json.loads(template)["columns"].values()]  # first: English
    missing = [label for label in english if label not in header]
    assert len(_fixture_rows()) >= 50
    assert missing == []


@pytest.mark.django_db
def test_dry_run_reports_every_field_and_value_and_stores_nothing(mapping_file):
    report = import_uwazi(EN, "en.csv", dry_run=True)
    assert report.ok, report.errors
    assert (report.rows, report.created, report.merged) == (60, 56, 4)
    assert report.fields["mechanisms" if "mechanisms" in report.fields else "prior_bodies"][
        "UN Treaty Bodies::HRC"
    ] == [["ccpr"], 7]
    assert report.unmapped["reprisal_types"] == {"Being followed home": 1}
    # No session of the Council is recorded in this database: the text waits for one.
    assert report.unmapped["raised_by"] == {
        "Germany, 54th session": 2,
        "United Kingdom of Great Britain and Northern Ireland, HRC 54 (September 2023)": 2,
    }
    text = "\n".join(report.lines())
    assert "Being followed home → UNMAPPED (1)" in text
    assert "Myanmar (Burma) → MM" in text
    assert Case.objects.count() == 0
    assert SourceRecord.objects.count() == 0 and ImportRun.objects.count() == 0
    assert not mapping_file.exists()


@pytest.mark.django_db
def test_every_field_lands_in_the_model():
    report = import_uwazi(EN, "en.csv")
    assert report.ok, report.errors
    rows = _fixture_rows()
    # Line 13 of the file (i = 11): a named organisation of 2014... find a named individual instead.
    row = next(
        r for r in rows[7:] if r["Type of record"] == "Named individual" and r["Government response content"]
    )
    source = _record(row["Location of case in SG report"])
    case, victim = source.case, source.case.victims.get()
    year, paragraph, _order = row["Location of case in SG report"].split("-")
    assert source.mention.report == Report.objects.get(year=int(year), is_demo=False)
    assert source.mention.kind == Mention.Kind.FIRST
    assert case.title == row["Title"] == victim.name
    assert case.country.name in (row["From Country"], "United Arab Emirates", "Myanmar")
    assert case.summary == row["Reprisal information"]
    assert row["Government response content"] in case.government_response
    assert case.visibility == Visibility.CONFIDENTIAL and case.published_at is None and not case.is_demo
    assert victim.gender == row["Gender"].lower()
    assert victim.is_foreign_national is (row["Was the victim a foreign national?"] == "Yes")
    assert case.mechanisms.exists() or "Unclear" in row["UN body that raised the case prior to the SG report"]
    assert case.reprisal_types.exists()
    assert case.perpetrator_kind in (Case.Perpetrator.STATE, Case.Perpetrator.BOTH)
    # Provenance: the file's checksum, the line, the cells as exported.
    assert source.last_run.checksum == hashlib.sha256(EN).hexdigest()
    assert source.original["Location of case in SG report"] == row["Location of case in SG report"]
    assert source.row == rows.index(row) + 2
    assert case.history.first().history_change_reason == "Uwazi import"


@pytest.mark.django_db
def test_grouped_and_several_values_and_dates_are_mapped():
    import_uwazi(EN, "en.csv")
    # i = 3 (Yousef Qadirani, 2018): bodies "UN Treaty Bodies::HRC|Assistant Secretary-General",
    # types "Physical attack::Torture…|Disappearance/Kidnapping", perpetrator State only.
    rows = _fixture_rows()
    case = _record(rows[3]["Location of case in SG report"]).case
    assert {"ccpr", "asg-reprisals"} <= set(case.mechanisms.values_list("slug", flat=True))
    assert {"torture", "enforced-disappearance"} <= set(case.reprisal_types.values_list("slug", flat=True))
    # i = 0: reprisal dates as a "~" range in ISO 8601 with a time: the earliest day, never shifted.
    first = _record(rows[0]["Location of case in SG report"]).case
    assert first.incident_date == date(2016, 6, 1) and first.incident_date_precision == "day"
    # i = 0: "State actors|Non-State actors" → both; new legislation "Yes" → restrictive legislation.
    assert first.perpetrator_kind == Case.Perpetrator.BOTH
    assert "restrictive-legislation" in first.reprisal_types.values_list("slug", flat=True)
    # The activity "human rights lawyer" gives the role through the ingestion rules.
    assert "lawyer" in first.victims.get().roles.values_list("slug", flat=True)


@pytest.mark.django_db
def test_the_same_person_across_reports_is_one_case_with_a_mention_per_report():
    report = import_uwazi(EN, "en.csv")
    zorbani = {_record(k).case for k in ("2017-010-001", "2018-011-001", "2020-012-001")}
    assert len(zorbani) == 1
    case = zorbani.pop()
    assert case.title == "Mohammed Al-Zorbani"
    kinds = list(case.mentions.order_by("report__year").values_list("report__year", "kind"))
    assert kinds == [(2017, "first"), (2018, "follow_up"), (2020, "follow_up")]
    assert "A/HRC/39/41:" in case.summary  # each report's account, labelled
    assert Case.objects.count() == 56 and report.merged == 4


@pytest.mark.django_db
def test_unnamed_victims_and_general_situations_are_never_merged():
    import_uwazi(EN, "en.csv")
    situations = SourceRecord.objects.filter(title="General situation addressed")
    assert situations.count() == 11
    assert situations.values("case").distinct().count() == 11


@pytest.mark.django_db
def test_importing_the_same_export_again_changes_nothing():
    import_uwazi(EN, "en.csv")
    before = {c.pk: c.updated_at for c in Case.objects.all()}
    histories = Case.history.count(), Mention.history.count()
    again = import_uwazi(EN, "en.csv")
    assert (again.created, again.updated, again.merged, again.unchanged) == (0, 0, 0, 56)
    assert {c.pk: c.updated_at for c in Case.objects.all()} == before
    assert (Case.history.count(), Mention.history.count()) == histories
    assert ImportRun.objects.count() == 2


@pytest.mark.django_db
def test_a_later_export_updates_what_changed_and_keeps_curator_edits_elsewhere():
    import_uwazi(EN, "en.csv")
    rows = _fixture_rows()
    untouched = _record(rows[40]["Location of case in SG report"]).case
    untouched.summary = "A curator's edit."
    untouched.save()
    later = import_uwazi(LATER, "later.csv")
    assert (later.created, later.updated, later.merged) == (0, 3, 1)
    changed = _record(rows[30]["Location of case in SG report"]).case
    assert (
        changed.status
        != {"Resolved": "resolved", "Unresolved": "ongoing", "Unknown": "unknown"}[rows[30]["Case status"]]
    )
    assert "A later update." in changed.summary
    assert _record("2022-033-001").case.title == "Mohammed Al-Zorbani"  # the new record joined
    untouched.refresh_from_db()
    assert untouched.summary == "A curator's edit."


@pytest.mark.django_db
def test_unmapped_values_go_to_the_mapping_file_and_the_completed_mapping_applies(mapping_file):
    import_uwazi(EN, "en.csv")
    data = json.loads(mapping_file.read_text())
    assert data["values"]["reprisal_types"] == {"Being followed home": None}
    source = next(
        s for s in SourceRecord.objects.all() if ["reprisal_types", "Being followed home"] in s.unmapped
    )
    assert ["reprisal_types", "Being followed home"] in source.unmapped
    assert "surveillance" not in source.case.reprisal_types.values_list("slug", flat=True)
    data["values"]["reprisal_types"]["Being followed home"] = ["surveillance"]
    mapping_file.write_text(json.dumps(data))
    again = import_uwazi(EN, "en.csv")
    assert "reprisal_types" not in again.unmapped and again.updated == 1
    assert "surveillance" in source.case.reprisal_types.values_list("slug", flat=True)


@pytest.mark.django_db
def test_an_unknown_country_refuses_the_whole_file_and_asks_for_a_mapping(mapping_file):
    report = import_uwazi(_with_cell(EN, 30, "From Country", "Freedonia"), "bad.csv")
    assert not report.ok
    assert any(line == 30 and "Freedonia" in message for line, message in report.errors)
    assert Case.objects.count() == 0 and SourceRecord.objects.count() == 0
    assert json.loads(mapping_file.read_text())["values"]["country"] == {"Freedonia": None}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("Location of case in SG report", "2019-7", "not a locator"),
        ("Location of case in SG report", "2031-007-001", "no report of the year 2031"),
        ("Title", "  ", "title is empty"),
    ],
)
def test_bad_rows_are_errors_with_their_line(label, value, expected):
    report = import_uwazi(_with_cell(EN, 12, label, value), "bad.csv")
    assert [(line, expected in message) for line, message in report.errors] == [(12, True)]
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_a_duplicated_record_is_an_error():
    rows = EN.decode().splitlines()
    report = import_uwazi(("\n".join([*rows, rows[5]]) + "\n").encode(), "dup.csv")
    assert any("already on line 6" in message for _line, message in report.errors)


@pytest.mark.django_db
def test_the_mention_is_pinned_to_the_paragraph_when_the_report_is_ingested():
    report_2018 = Report.objects.get(year=2018, is_demo=False)
    paragraph = Paragraph.objects.create(
        report=report_2018, section=Paragraph.Section.ANNEX_I, number=11, text="[Fixture] paragraph."
    )
    older = Paragraph.objects.create(
        report=Report.objects.get(year=2014, is_demo=False), section="body", number=7, text="[Fixture]"
    )
    import_uwazi(EN, "en.csv")
    assert _record("2018-011-001").mention.paragraph == paragraph
    rows = [r for r in _fixture_rows() if r["Location of case in SG report"].startswith("2014-007")]
    assert all(_record(r["Location of case in SG report"]).mention.paragraph == older for r in rows)


@pytest.mark.django_db
def test_states_that_raised_the_case_become_statements_when_the_session_is_known():
    dialogue = Session.objects.create(body="hrc_id", number=54, title="ID on reprisals, HRC 54")
    report = import_uwazi(EN, "en.csv")
    case = _record("2020-012-001").case
    speakers = set(
        Statement.objects.filter(session=dialogue, raised_cases=case).values_list("speaker__iso2", flat=True)
    )
    assert speakers == {"GB", "DE"}
    assert report.fields["raised_by"]["Germany, 54th session"][0] == ["DE @ hrc_id-54"]
    import_uwazi(EN, "en.csv")
    assert Statement.objects.filter(session=dialogue).count() == 2


@pytest.mark.django_db
def test_without_the_session_the_raised_by_text_is_left_unmapped_not_dropped():
    report = import_uwazi(EN, "en.csv")
    assert "Germany, 54th session" in report.unmapped["raised_by"]
    assert Statement.objects.count() == 0
    source = _record("2020-012-001")
    assert "Germany, 54th session" in source.original["Which State raised the case at the UN and when"]


@pytest.mark.django_db
def test_a_spanish_export_with_bom_semicolons_and_day_first_dates():
    assert ES.startswith(b"\xef\xbb\xbf") and b";" in ES.splitlines()[0]
    report = import_uwazi(ES, "es.csv", visibility=Visibility.RESTRICTED)
    assert report.ok, report.errors
    assert (report.rows, report.created, report.merged) == (12, 8, 4)
    rows = _fixture_rows(ES.replace(b";", b","))  # plain reading, for the expected values
    first = SourceRecord.objects.get(key="2017-100-001").case
    assert first.incident_date == date(2016, 1, 13)  # "13/01/2016:20/11/2016", day first
    assert first.visibility == Visibility.RESTRICTED
    assert len(rows) == 12


@pytest.mark.django_db
def test_numeric_dates_that_read_both_ways_need_the_date_format():
    ambiguous = _with_cell(EN, 12, "Dates of mentioned reprisals", "03/04/2016")
    key = _fixture_rows()[10]["Location of case in SG report"]
    report = import_uwazi(ambiguous, "a.csv", dry_run=True)
    assert any("03/04/2016" in message for line, message in report.warnings if line == 12)
    import_uwazi(ambiguous, "a.csv", date_format="MM/DD/YYYY")
    assert _record(key).case.incident_date == date(2016, 3, 4)


@pytest.mark.django_db
def test_an_odd_inherited_geolocation_is_flagged():
    report = import_uwazi(_with_cell(EN, 4, "Country Geolocation", "26.0667|50.5577|23.4"), "g.csv")
    assert report.ok
    assert any(line == 4 and "odd number" in message for line, message in report.warnings)


@pytest.mark.django_db
def test_a_file_that_is_not_an_export_is_refused():
    assert "no Title column" in import_uwazi(b"a,b\n1,2\n", "x.csv").errors[0][1]
    assert "not UTF-8" in import_uwazi("Title\nJosé\n".encode("latin-1"), "x.csv").errors[0][1]


@pytest.mark.django_db
def test_the_command_prints_the_dry_run_and_fails_on_errors(tmp_path, capsys):
    path = tmp_path / "en.csv"
    path.write_bytes(EN)
    call_command("import_uwazi", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "56 cases created" in out and "Dry run" in out and "UNMAPPED" in out
    assert Case.objects.count() == 0
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_with_cell(EN, 3, "From Country", "Freedonia"))
    with pytest.raises(CommandError):
        call_command("import_uwazi", str(bad))
    call_command("import_uwazi", str(path))
    assert Case.objects.count() == 56
