"""CSV import: round trip with the download, all-or-nothing validation with line numbers."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from cases import tabular
from cases.importer import import_cases_csv
from cases.models import Case, Country, Mechanism, ReprisalType, Victim, VictimRole
from cases.search.query import apply_search
from cases.tests.factories import CaseFactory, MentionFactory, ParagraphFactory, ReportFactory, VictimFactory
from cases.visibility import Visibility

pytestmark = pytest.mark.django_db

HEADER = "public_id,title,country_iso2,status,mechanisms\n"


def _file(text: str, encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("cases.csv", text.encode(encoding), content_type="text/csv")


def _counts():
    return (
        Case.objects.count(),
        Victim.objects.count(),
        Mechanism.objects.count(),
        ReprisalType.objects.count(),
        VictimRole.objects.count(),
        Case.history.count(),
    )


def _export(client, user, params=None) -> bytes:
    client.force_login(user)
    response = client.get(reverse("cases:export-cases", kwargs={"fmt": "csv"}), params or {})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.fixture
def world():
    report = ReportFactory(symbol="A/HRC/45/36", year=2020)
    djibouti = Country.objects.get(iso2="DJ")
    cases = [
        CaseFactory(
            title="Lawyer barred from travelling",
            summary="First line.\r\nSecond line, with “quotes”, commas; and semicolons.",
            mechanisms=["upr", "cedaw"],
            reprisal_types=["travel-ban"],
            incident_date="2019-03-01",
            incident_date_precision="month",
        ),
        CaseFactory(title="=SUM(A1:A2) looks like a formula", country=djibouti, visibility="restricted"),
        CaseFactory(title="Draft case", country=djibouti, published_at=None, is_demo=True),
    ]
    VictimFactory(case=cases[0], name="Ana Example", gender="female", roles=["lawyer", "journalist"])
    VictimFactory(case=cases[0], name="", description="a woman human rights defender")
    MentionFactory(case=cases[0], report=report, paragraph=ParagraphFactory(report=report, number=12))
    MentionFactory(case=cases[1], report=report, paragraph=None)
    return {"cases": cases, "report": report}


def test_round_trip_export_import_is_unchanged(client, administrator, world):
    data = _export(client, administrator)
    before = _counts()
    updated_at = {c.pk: c.updated_at for c in Case.objects.all()}
    result = import_cases_csv(io.BytesIO(data), user=administrator)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert result.warnings == []
    assert _counts() == before
    assert {c.pk: c.updated_at for c in Case.objects.all()} == updated_at


def test_edits_update_cases_and_record_the_user(client, curator, world):
    case = world["cases"][0]
    data = _export(client, curator, {"country": "NI"}).decode("utf-8-sig")
    data = data.replace("upr;cedaw", "cedaw;wgad").replace("cedaw;upr", "cedaw;wgad")
    data = data.replace(",ongoing,", ",resolved,", 1)
    data = data.replace("Ana Example;a woman human rights defender", "Ana Example;Bo Newname")
    assert '"lawyer,journalist;",' in data
    data = data.replace("female;unknown", "female;male")
    data = data.replace('"lawyer,journalist;"', '"lawyer,journalist;student"')
    anonymised = case.victims.get(name="")
    ana = case.victims.get(name="Ana Example")
    result = import_cases_csv(_file(data), user=curator)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    case.refresh_from_db()
    assert case.status == Case.Status.RESOLVED
    assert set(case.mechanisms.values_list("slug", flat=True)) == {"cedaw", "wgad"}
    assert case.published_at is not None, "publication state is kept"
    names = {v.display_name: v for v in case.victims.all()}
    assert set(names) == {"Ana Example", "Bo Newname"}
    assert names["Ana Example"].pk == ana.pk, "a matched victim keeps its record"
    assert not Victim.objects.filter(pk=anonymised.pk).exists()
    assert names["Bo Newname"].gender == "male"
    assert list(names["Bo Newname"].roles.values_list("slug", flat=True)) == ["student"]
    assert case.history.latest().history_user == curator
    assert case.history.latest().history_change_reason == "CSV import"


def test_new_rows_create_unpublished_cases(curator):
    text = (
        "public_id,title,country_iso2,victims,victim_genders,victim_roles,reprisal_types,unknown_column\n"
        ",Zanzibarian activist threatened,tz,Kim Doe;Lee Roe,female;,journalist;lawyer,threats,ignored\n"
    )
    result = import_cases_csv(_file(text), user=curator)
    assert result.ok, result.errors
    assert result.created == 1
    case = Case.objects.get(pk=result.case_ids[0])
    assert case.country.iso2 == "TZ"
    assert case.published_at is None
    assert case.visibility == Visibility.CONFIDENTIAL
    assert [(v.name, v.gender) for v in case.victims.order_by("id")] == [
        ("Kim Doe", "female"),
        ("Lee Roe", "unknown"),
    ]
    assert list(case.reprisal_types.values_list("slug", flat=True)) == ["threats"]
    assert case.history.first().history_user == curator
    # The search index is refreshed.
    assert list(apply_search(Case.objects.all(), "Zanzibarian")) == [case]
    assert list(apply_search(Case.objects.all(), "Kim")) == [case]


def test_errors_report_every_bad_line_and_write_nothing(curator, world):
    before = _counts()
    existing = world["cases"][0].public_id
    text = (
        HEADER
        + ",A good new case,NI,ongoing,upr\n"  # line 2: fine
        + ",,NI,ongoing,\n"  # line 3: no title
        + ",Unknown country,QQ,ongoing,\n"  # line 4
        + ",Bad status,NI,closed,\n"  # line 5
        + f"{existing},Update,NI,ongoing,no-such-mechanism\n"  # line 6
        + "nosuchcase,Missing,NI,ongoing,\n"  # line 7
        + "\n"  # line 8: blank, skipped
        + f"{existing},Twice,NI,ongoing,\n"  # line 9: the same case again
        + ",Too few cells\n"  # line 10
    )
    result = import_cases_csv(_file(text), user=curator)
    assert not result.ok
    lines = sorted({line for line, _message in result.errors})
    assert lines == [3, 4, 5, 6, 7, 9, 10]
    messages = dict(result.errors)
    assert "title" in messages[3]
    assert "QQ" in messages[4]
    assert "closed" in messages[5]
    assert "no-such-mechanism" in messages[6]
    assert "nosuchcase" in messages[7]
    assert "line 6" in messages[9]
    assert result.created == result.updated == result.unchanged == 0
    assert _counts() == before
    assert not Mechanism.objects.filter(slug="no-such-mechanism").exists()


def test_unknown_terms_are_errors_not_new_records(curator, world):
    before = _counts()
    text = (
        "public_id,title,country_iso2,mechanisms,reprisal_types,victims,victim_roles,report_years\n"
        ",One,NI,invented-body,,,,\n"
        ",Two,NI,,invented-type,,,\n"
        ",Three,NI,,,Someone,invented-role,\n"
        ",Four,NI,,,,,1999\n"
        ",Five,NI,,,,,2020\n"
    )
    result = import_cases_csv(_file(text), user=curator)
    assert [line for line, _m in result.errors] == [2, 3, 4, 5]
    assert "invented-body" in result.errors[0].message
    assert _counts() == before


def test_choices_dates_and_flags_are_validated(curator):
    text = (
        "title,country_iso2,visibility,perpetrator_kind,incident_date,incident_date_precision,is_demo\n"
        "A,NI,secret,,,,\n"
        "B,NI,,aliens,,,\n"
        "C,NI,,,2020-13-01,,\n"
        "D,NI,,,01/02/2020,,\n"
        "E,NI,,,,week,\n"
        "F,NI,,,,,maybe\n"
        "G,NI,public,state,2020-02-29,day,true\n"
    )
    before = _counts()
    result = import_cases_csv(_file(text), user=curator)
    assert [line for line, _m in result.errors] == [2, 3, 4, 5, 6, 7]
    assert _counts() == before


def test_missing_required_columns(curator):
    result = import_cases_csv(_file("public_id,title\nabc,Something\n"), user=curator)
    assert result.errors == [(1, result.errors[0].message)]
    assert "country_iso2" in result.errors[0].message
    empty = import_cases_csv(_file(""), user=curator)
    assert not empty.ok and empty.errors[0].line == 1


def test_oversized_file_is_refused(curator, settings):
    settings.IMPORT_MAX_BYTES = 100
    before = _counts()
    text = "title,country_iso2\n" + "".join(f"Case number {n},NI\n" for n in range(20))
    for fileobj in (_file(text), io.BytesIO(text.encode())):
        result = import_cases_csv(fileobj, user=curator)
        assert not result.ok
        assert result.errors[0].line == 0
        assert "100" in result.errors[0].message
    assert _counts() == before


def test_encoding_errors_are_reported(curator):
    text = "title,country_iso2\nCafé owner,NI\n"
    result = import_cases_csv(_file(text, encoding="latin-1"), user=curator)
    assert not result.ok
    assert result.errors[0].line == 2
    assert "UTF-8" in result.errors[0].message
    # A byte-order mark (Excel's "CSV UTF-8") is fine.
    assert import_cases_csv(io.BytesIO(b"\xef\xbb\xbf" + text.encode()), user=curator).created == 1


def test_only_cases_the_user_can_see_can_be_updated(client, administrator, curator, world):
    confidential = CaseFactory(title="Secret", visibility="confidential")
    text = f"public_id,title,country_iso2\n{confidential.public_id},Renamed,NI\n"
    result = import_cases_csv(_file(text), user=curator)
    assert not result.ok and confidential.public_id in result.errors[0].message
    confidential.refresh_from_db()
    assert confidential.title == "Secret"
    assert import_cases_csv(_file(text), user=administrator).updated == 1


def test_users_without_permissions_cannot_import(researcher, world):
    text = f"public_id,title,country_iso2\n,New,NI\n{world['cases'][0].public_id},Renamed,NI\n"
    before = _counts()
    result = import_cases_csv(_file(text), user=researcher)
    assert [line for line, _m in result.errors] == [2, 3]
    assert _counts() == before


def test_read_only_columns_warn_when_changed(client, administrator, world):
    data = _export(client, administrator, {"country": "NI"}).decode("utf-8-sig")
    data = data.replace("A/HRC/45/36 annex I ¶12", "A/HRC/99/1 ¶1")
    result = import_cases_csv(_file(data), user=administrator)
    assert result.ok
    assert result.unchanged == 1
    assert [(w.line, "sources" in w.message) for w in result.warnings] == [(2, True)]


def test_columns_left_out_are_kept(world, curator):
    case = world["cases"][0]
    text = f"public_id,title,country_iso2,victims\n{case.public_id},{case.title},NI,Ana Example\n"
    result = import_cases_csv(_file(text), user=curator)
    assert result.ok and result.updated == 1
    case.refresh_from_db()
    ana = case.victims.get()
    assert ana.gender == "female", "without victim_genders, genders are kept"
    assert set(ana.roles.values_list("slug", flat=True)) == {"lawyer", "journalist"}
    assert set(case.mechanisms.values_list("slug", flat=True)) == {"upr", "cedaw"}
    assert case.summary.startswith("First line.")


def test_dry_run_writes_nothing(curator):
    before = _counts()
    result = import_cases_csv(_file("title,country_iso2\nNew,NI\n"), user=curator, dry_run=True)
    assert result.ok and result.created == 1 and result.dry_run
    assert _counts() == before


def test_management_command(tmp_path, world, capsys):
    good = tmp_path / "good.csv"
    good.write_text("title,country_iso2\nFrom the command line,NI\n", encoding="utf-8")
    before = Case.objects.count()
    call_command("import_cases", str(good), "--dry-run")
    assert Case.objects.count() == before
    call_command("import_cases", str(good))
    assert Case.objects.count() == before + 1
    assert "1 created" in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    bad.write_text("title,country_iso2\nFine,NI\nBad,XX\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_cases", str(bad))
    assert excinfo.value.returncode == 1
    assert "line 3: country_iso2" in capsys.readouterr().err
    assert Case.objects.count() == before + 1


def test_large_round_trip_is_efficient(client, administrator, world, django_assert_max_num_queries):
    for n in range(60):
        case = CaseFactory(title=f"Bulk {n}", mechanisms=["upr"])
        VictimFactory(case=case, roles=["journalist"])
    data = _export(client, administrator)
    with django_assert_max_num_queries(30):
        result = import_cases_csv(io.BytesIO(data), user=administrator)
    assert result.unchanged == 63


def test_export_columns_are_the_import_columns():
    assert set(tabular.CASE_COLUMNS) >= {"public_id", "title", "country_iso2", "victims", "sources"}


def test_a_stale_download_cannot_undo_a_later_edit(client, curator, world):
    case = world["cases"][0]
    data = _export(client, curator, {"country": "NI"}).decode("utf-8-sig")
    # Someone edits the case after the download (a second later, as the file has seconds).
    Case.objects.filter(pk=case.pk).update(
        title="Edited meanwhile", updated_at=case.updated_at + timedelta(seconds=2)
    )
    stale = data.replace(",ongoing,", ",resolved,", 1)
    result = import_cases_csv(_file(stale), user=curator)
    assert [line for line, _m in result.errors] == [2]
    assert "download it again" in result.errors[0].message
    case.refresh_from_db()
    assert case.status == "ongoing" and case.title == "Edited meanwhile"


def test_semicolon_separated_files_are_read(curator):
    text = 'title;country_iso2;mechanisms\n"A case from a French spreadsheet";NI;"upr;cedaw"\n'
    result = import_cases_csv(_file(text), user=curator)
    assert result.ok, result.errors
    case = Case.objects.get(pk=result.case_ids[0])
    assert set(case.mechanisms.values_list("slug", flat=True)) == {"upr", "cedaw"}
