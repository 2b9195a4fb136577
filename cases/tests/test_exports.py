"""CSV and JSON downloads: same rows as the case list, always behind the visibility gate."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cases import tabular
from cases.filters import CaseQuery, search_cases
from cases.models import Case, Country
from cases.search.index import refresh_cases
from cases.tests.factories import CaseFactory, MentionFactory, ParagraphFactory, ReportFactory, VictimFactory
from cases.visibility import ANONYMOUS, Visibility

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv(response) -> list[dict]:
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 byte-order mark for Excel"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def _json(response) -> dict:
    return json.loads(_body(response))


def _get(client, kind, fmt, params=None):
    return client.get(reverse(f"cases:export-{kind}", kwargs={"fmt": fmt}), params or {})


@pytest.fixture
def world():
    report = ReportFactory(symbol="A/HRC/45/36", year=2020)
    djibouti, nicaragua = Country.objects.get(iso2="DJ"), Country.objects.get(iso2="NI")
    public = CaseFactory(
        title="Lawyer barred from travelling",
        country=nicaragua,
        mechanisms=["upr", "cedaw"],
        reprisal_types=["travel-ban"],
    )
    VictimFactory(case=public, name="Ana Example", gender="female", roles=["lawyer", "human-rights-defender"])
    VictimFactory(case=public, name="", description="a journalist", roles=["journalist"])
    MentionFactory(case=public, report=report, paragraph=ParagraphFactory(report=report, number=12))
    other = CaseFactory(title="Defender detained after a visit", country=djibouti, mechanisms=["ccpr"])
    hidden = {
        "restricted": CaseFactory(
            title="Restricted record", country=djibouti, visibility=Visibility.RESTRICTED
        ),
        "confidential": CaseFactory(
            title="Confidential record", country=djibouti, visibility=Visibility.CONFIDENTIAL
        ),
        "draft": CaseFactory(title="Unpublished record", country=djibouti, published_at=None),
    }
    refresh_cases(Case.objects.values_list("pk", flat=True))
    return {"public": public, "other": other, "hidden": hidden, "report": report}


def test_csv_has_the_documented_columns_ids_and_absolute_urls(client, world):
    response = _get(client, "cases", "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    today = timezone.now().date().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="endreprisals-cases-{today}.csv"'
    rows = _csv(response)
    assert list(rows[0]) == list(tabular.CASE_COLUMNS)
    by_id = {r["public_id"]: r for r in rows}
    assert set(by_id) == {world["public"].public_id, world["other"].public_id}
    row = by_id[world["public"].public_id]
    assert row["url"] == f"{settings.SITE_URL}/cases/{world['public'].public_id}/"
    assert row["country_iso2"] == "NI" and row["region"] == "Americas"
    assert row["victims"] == "Ana Example;a journalist"
    assert row["victim_genders"] == "female;unknown"
    assert set(row["victim_roles"].split(";")[0].split(",")) == {"lawyer", "human-rights-defender"}
    assert row["victim_roles"].split(";")[1] == "journalist"
    assert set(row["mechanisms"].split(";")) == {"upr", "cedaw"}
    assert row["reprisal_types"] == "travel-ban"
    assert row["report_years"] == "2020"
    assert row["sources"] == "A/HRC/45/36 annex I ¶12"
    assert row["is_demo"] == "false"


def test_json_has_count_and_typed_values(client, world):
    response = _get(client, "cases", "json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = _json(response)
    assert data["count"] == len(data["results"]) == 2
    assert data["truncated"] is False
    row = next(r for r in data["results"] if r["public_id"] == world["public"].public_id)
    assert row["url"].startswith(settings.SITE_URL + "/cases/")
    assert row["victims"] == ["Ana Example", "a journalist"]
    assert row["report_years"] == [2020]
    assert row["is_demo"] is False
    assert list(row) == list(tabular.CASE_COLUMNS)


@pytest.mark.parametrize(
    "params",
    [
        {"country": "DJ"},
        {"country": "ni"},
        {"q": "travelling"},
        {"mechanism": "ccpr"},
        {"mechanism": ["ccpr", "upr"]},
        {"q": "defender", "country": "DJ"},
        {"sort": "title"},
        {"year": "2020"},
    ],
)
def test_filters_match_the_case_list(client, world, params):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    expected = [
        c.public_id for c in search_cases(Case.objects.visible_to(ANONYMOUS), CaseQuery.from_querydict(query))
    ]
    assert expected, "the parameters select something"
    assert [r["public_id"] for r in _csv(_get(client, "cases", "csv", query))] == expected
    assert [r["public_id"] for r in _json(_get(client, "cases", "json", query))["results"]] == expected


def test_hidden_cases_never_reach_a_visitor_or_a_researcher(client, researcher, world):
    hidden_ids = {c.public_id for c in world["hidden"].values()}
    for user in (None, researcher):
        if user:
            client.force_login(user)
        for fmt in ("csv", "json"):
            for params in ({}, {"country": "DJ"}, {"q": "record"}):
                body = _body(_get(client, "cases", fmt, params)).decode("utf-8-sig")
                assert not any(pid in body for pid in hidden_ids)
                assert "record" not in body.lower()


def test_a_superuser_downloads_everything(client, administrator, world):
    client.force_login(administrator)
    ids = {r["public_id"] for r in _csv(_get(client, "cases", "csv"))}
    assert ids == set(Case.objects.values_list("public_id", flat=True))
    response = _get(client, "cases", "json")
    assert "private" in response["Cache-Control"]


def test_a_grant_opens_its_country_only(client, partner, world):
    other_country = CaseFactory(
        title="Confidential elsewhere", country=Country.objects.get(iso2="NI"), visibility="confidential"
    )
    client.force_login(partner)
    ids = {r["public_id"] for r in _json(_get(client, "cases", "json"))["results"]}
    assert world["hidden"]["confidential"].public_id in ids
    assert world["hidden"]["restricted"].public_id in ids
    assert world["hidden"]["draft"].public_id not in ids
    assert other_country.public_id not in ids


def test_invalid_parameters_answer_400_with_the_error_shape(client, world):
    response = _get(client, "cases", "json", {"year": "last", "status": "closed"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_query"
    assert error["message"]
    assert set(error["details"]) == {"year", "status"}

    response = _get(client, "cases", "csv", {"sort": "sideways"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "sort:" in response.content.decode()


def test_export_is_capped(client, world, settings):
    settings.EXPORT_MAX_ROWS = 1
    data = _json(_get(client, "cases", "json"))
    assert data["count"] == 1 and data["truncated"] is True
    response = _get(client, "cases", "csv")
    assert response["X-Export-Truncated"] == "true"
    assert len(_csv(response)) == 1


def test_formula_cells_are_neutralised(client, world):
    CaseFactory(title='=HYPERLINK("http://evil")', country=Country.objects.get(iso2="NI"))
    titles = {r["title"] for r in _csv(_get(client, "cases", "csv"))}
    assert '\'=HYPERLINK("http://evil")' in titles
    assert tabular.uncsv_cell('\'=HYPERLINK("http://evil")') == '=HYPERLINK("http://evil")'
    assert tabular.uncsv_cell(tabular.csv_cell("'=x")) == "'=x"
    assert tabular.uncsv_cell(tabular.csv_cell("'plain")) == "'plain"


def test_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    def queries_for_download():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            _body(_get(client, "cases", "json"))
        return len(ctx.captured_queries)

    few = queries_for_download()
    for n in range(30):
        case = CaseFactory(title=f"Bulk {n}", mechanisms=["upr"], reprisal_types=["threats"])
        VictimFactory(case=case, roles=["journalist"])
        MentionFactory(case=case, report=world["report"])
    assert queries_for_download() == few


def test_countries_download_counts_visible_cases_only(client, administrator, world):
    rows = {r["iso2"]: r for r in _csv(_get(client, "countries", "csv"))}
    assert len(rows) == Country.objects.count()
    assert rows["DJ"]["case_count"] == "1"
    assert rows["NI"]["case_count"] == "1"
    assert rows["FR"]["case_count"] == "0"
    assert rows["DJ"]["url"] == settings.SITE_URL + "/countries/dj/"
    client.force_login(administrator)
    data = _json(_get(client, "countries", "json"))
    assert data["count"] == Country.objects.count()
    dj = next(r for r in data["results"] if r["iso2"] == "DJ")
    assert dj["case_count"] == 4


def test_reports_download_counts_visible_cases_only(client, world):
    MentionFactory(case=world["hidden"]["confidential"], report=world["report"])
    data = _json(_get(client, "reports", "json"))
    row = next(r for r in data["results"] if r["symbol"] == "A/HRC/45/36")
    assert row["case_count"] == 1
    assert row["year"] == 2020
    assert row["url"] == settings.SITE_URL + "/reports/A/HRC/45/36/"
    rows = _csv(_get(client, "reports", "csv"))
    assert list(rows[0]) == list(tabular.REPORT_COLUMNS)


def test_only_get_is_allowed(client, world):
    assert client.post(reverse("cases:export-cases", kwargs={"fmt": "csv"})).status_code == 405
