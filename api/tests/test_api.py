"""The public JSON API: envelope and pagination, the case query language, visibility per persona,
the one error shape, and no third-party addresses."""

import json
import re
from contextlib import contextmanager
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases.filters import CaseQuery, search_cases
from cases.models import Case, Country, Paragraph, Report, Victim
from cases.tests.factories import (
    CaseFactory,
    MentionFactory,
    ParagraphFactory,
    ReportFactory,
    VictimFactory,
)
from cases.visibility import Visibility

pytestmark = pytest.mark.django_db

CASE_KEYS = {
    "id",
    "url",
    "title",
    "country",
    "summary",
    "status",
    "visibility",
    "perpetrator_kind",
    "incident_date",
    "incident_date_precision",
    "victims",
    "mechanisms",
    "reprisal_types",
    "mentions",
    "is_demo",
    "updated_at",
}
PAGE_KEYS = {"count", "limit", "offset", "next", "previous", "results"}


def _country(iso2):
    return Country.objects.get(iso2=iso2)


@pytest.fixture
def world(db):
    """Cases of every visibility in Nicaragua and Djibouti, mentioned in one (invented) report."""
    report = ReportFactory(symbol="A/HRC/99/1", year=2020, session=99, is_demo=True)
    body = ParagraphFactory(report=report, section=Paragraph.Section.BODY, number=3, country=_country("DJ"))
    annex = ParagraphFactory(report=report, section=Paragraph.Section.ANNEX_I, number=1)

    travel = CaseFactory(
        title="Journalist barred from travelling to Geneva",
        country=_country("NI"),
        incident_date=date(2020, 5, 1),
        mechanisms=["cedaw"],
        reprisal_types=["travel-ban"],
    )
    VictimFactory(case=travel, name="Ana Example", gender=Victim.Gender.FEMALE, roles=["journalist"])
    VictimFactory(case=travel, name="", description="a lawyer", kind=Victim.Kind.PERSON, roles=["lawyer"])
    MentionFactory(case=travel, paragraph=annex, report=report)

    detained = CaseFactory(
        title="Defender detained after UPR session",
        country=_country("NI"),
        incident_date=date(2018, 2, 3),
        status=Case.Status.RESOLVED,
        perpetrator_kind=Case.Perpetrator.NON_STATE,
        reprisal_types=["arbitrary-detention"],
    )
    VictimFactory(
        case=detained, name="Bruno Sample", gender=Victim.Gender.MALE, roles=["human-rights-defender"]
    )
    MentionFactory(case=detained, paragraph=None, report=report)

    dj_public = CaseFactory(
        title="Djibouti public case", country=_country("DJ"), incident_date=date(2019, 1, 1)
    )
    MentionFactory(case=dj_public, paragraph=body, report=report)

    dj_confidential = CaseFactory(
        title="Djibouti confidential Zyxsecret",
        country=_country("DJ"),
        visibility=Visibility.CONFIDENTIAL,
        incident_date=date(2021, 1, 1),
    )
    VictimFactory(case=dj_confidential, name="Hidden Person", roles=["journalist"])
    MentionFactory(case=dj_confidential, paragraph=body, report=report)

    dj_restricted = CaseFactory(
        title="Djibouti restricted", country=_country("DJ"), visibility=Visibility.RESTRICTED
    )
    ni_confidential = CaseFactory(
        title="Nicaragua confidential", country=_country("NI"), visibility=Visibility.CONFIDENTIAL
    )
    MentionFactory(case=ni_confidential, paragraph=annex, report=report)
    ni_draft = CaseFactory(title="Nicaragua draft", country=_country("NI"), published_at=None)
    return {
        "report": report,
        "travel": travel,
        "detained": detained,
        "dj_public": dj_public,
        "dj_confidential": dj_confidential,
        "dj_restricted": dj_restricted,
        "ni_confidential": ni_confidential,
        "ni_draft": ni_draft,
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def _assert_error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    return body["error"]


# --- Envelope, representation, pagination ---------------------------------------------------


def test_case_list_envelope_and_representation(client, world):
    response = client.get("/api/v1/cases", {"country": "NI"})
    body = response.json()
    assert set(body) == PAGE_KEYS  # no "facets" unless asked
    assert body["count"] == 2 and body["limit"] == 50 and body["offset"] == 0
    assert body["next"] is None and body["previous"] is None
    travel = body["results"][0]
    assert set(travel) == CASE_KEYS
    case = world["travel"]
    assert travel["id"] == case.public_id
    assert travel["url"] == f"{settings.SITE_URL}/cases/{case.public_id}/"
    assert travel["country"] == {"iso2": "NI", "name": "Nicaragua"}
    assert travel["incident_date"] == "2020-05-01"
    assert travel["mechanisms"] == ["cedaw"] and travel["reprisal_types"] == ["travel-ban"]
    assert travel["victims"] == [
        {
            "name": "Ana Example",
            "description": None,
            "kind": "person",
            "gender": "female",
            "roles": ["journalist"],
        },
        {"name": None, "description": "a lawyer", "kind": "person", "gender": "unknown", "roles": ["lawyer"]},
    ]
    assert travel["mentions"] == [
        {
            "report": "A/HRC/99/1",
            "year": 2020,
            "section": "annex_1",
            "paragraph": 1,
            "reference": "A/HRC/99/1 annex I ¶1",
            "kind": "first",
            "url": f"{settings.SITE_URL}/reports/A/HRC/99/1/#annex_1-1",
        }
    ]
    unplaced = body["results"][1]["mentions"][0]
    assert unplaced["paragraph"] is None and unplaced["section"] is None
    assert unplaced["reference"] == "A/HRC/99/1"


def test_no_internal_primary_keys(client, world):
    text = client.get("/api/v1/cases").content.decode()
    assert '"pk"' not in text and '"case_id"' not in text and '"country_id"' not in text
    detail = client.get(f"/api/v1/cases/{world['travel'].public_id}").json()
    assert detail["id"] == world["travel"].public_id
    assert "pk" not in detail


def test_pagination_walks_every_row_once(client, world):
    for n in range(7):
        CaseFactory(title=f"Filler {n}", country=_country("NI"))
    first = client.get("/api/v1/cases", {"country": "NI", "limit": 4}).json()
    assert first["count"] == 9 and first["limit"] == 4 and len(first["results"]) == 4
    assert first["previous"] is None
    seen, page, pages = [], first, 0
    while True:
        pages += 1
        seen += [row["id"] for row in page["results"]]
        if page["next"] is None:
            break
        parts = urlsplit(page["next"])
        assert page["next"].startswith(settings.SITE_URL + "/api/v1/cases?")
        params = parse_qs(parts.query)
        assert params["country"] == ["NI"] and params["limit"] == ["4"]  # the query is kept
        page = client.get(parts.path, QueryDict(parts.query)).json()
    assert pages == 3 and len(seen) == len(set(seen)) == 9
    last = client.get("/api/v1/cases", {"country": "NI", "limit": 4, "offset": 8}).json()
    assert last["next"] is None and len(last["results"]) == 1
    assert parse_qs(urlsplit(last["previous"]).query)["offset"] == ["4"]
    beyond = client.get("/api/v1/cases", {"limit": 4, "offset": 100}).json()
    assert beyond["results"] == [] and beyond["next"] is None and beyond["count"] == 10


def test_limit_bounds(client, world):
    assert client.get("/api/v1/cases", {"limit": 500}).status_code == 200
    error = _assert_error(client.get("/api/v1/cases", {"limit": 501}), 400, "invalid_parameters")
    assert set(error["details"]) == {"limit"}
    for params in ({"limit": 0}, {"limit": "lots"}, {"offset": -1}, {"offset": "x"}):
        error = _assert_error(client.get("/api/v1/cases", params), 400, "invalid_parameters")
        assert set(error["details"]) == set(params)
    _assert_error(client.get("/api/v1/countries", {"limit": 501}), 400, "invalid_parameters")


def test_list_queries_do_not_grow_with_rows(client, world):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/cases", {"limit": 500}).status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    for n in range(10):
        case = CaseFactory(title=f"More {n}", mechanisms=["upr"], reprisal_types=["threats"])
        VictimFactory(case=case, roles=["journalist"])
        MentionFactory(case=case, report=world["report"])
    assert queries() == before


# --- The query language -----------------------------------------------------------------------

QUERIES = [
    "",
    "country=NI",
    "country=ni",
    "country=NI&country=DJ",
    "country=",
    "region=Africa",
    "year=2020",
    "year=2019",
    "mechanism=cedaw",
    "type=travel-ban&type=arbitrary-detention",
    "role=journalist",
    "gender=female",
    "status=resolved",
    "perpetrator=non_state",
    "country=NI&status=ongoing",
    "sort=title",
    "sort=date",
    "sort=-updated",
    "sort=country",
    "q=journalist",
    "q=geneva&sort=title",
    "q=-barred",
    "unknown=ignored",
]


@pytest.mark.parametrize("querystring", QUERIES)
@pytest.mark.parametrize("persona", [None, "partner", "curator"])
def test_filters_mean_what_they_mean_in_the_html_list(client, world, request, persona, querystring):
    user = request.getfixturevalue(persona) if persona else None
    if user:
        client.force_login(user)
    expected = [
        c.public_id
        for c in search_cases(Case.objects.visible_to(user), CaseQuery.from_querydict(QueryDict(querystring)))
    ]
    assert _ids(client.get(f"/api/v1/cases?{querystring}")) == expected
    # and the HTML list accepts the same query
    assert client.get(f"/cases/?{querystring}").status_code == 200


def test_filters_select_the_expected_cases(client, world):
    def ids(**params):
        return set(_ids(client.get("/api/v1/cases", params)))

    travel, detained, dj_public = (
        world["travel"].public_id,
        world["detained"].public_id,
        world["dj_public"].public_id,
    )
    assert ids(country="ni") == {travel, detained}
    assert ids(region="Africa") == {dj_public}
    assert ids(year="2020") == {travel, detained, dj_public}
    assert ids(mechanism="cedaw") == {travel}
    assert ids(type=["travel-ban", "arbitrary-detention"]) == {travel, detained}
    assert ids(role="journalist") == {travel}
    assert ids(gender="male") == {detained}
    assert ids(status="resolved", perpetrator="non_state") == {detained}
    assert _ids(client.get("/api/v1/cases", {"sort": "date"})) == [detained, dj_public, travel]


def test_search(client, world):
    travel = world["travel"].public_id
    assert _ids(client.get("/api/v1/cases", {"q": "travelling"})) == [travel]
    assert _ids(client.get("/api/v1/cases", {"q": "Ana Example"})) == [travel]  # victim names
    assert _ids(client.get("/api/v1/cases", {"q": '"barred from"'})) == [travel]
    assert _ids(client.get("/api/v1/cases", {"q": "journalist -geneva"})) == []
    assert _ids(client.get("/api/v1/cases", {"q": "Zyxsecret"})) == []  # confidential
    assert _ids(client.get("/api/v1/cases", {"q": "nothingmatcheszzz"})) == []


def test_facets_on_request(client, partner, world):
    body = client.get("/api/v1/cases", {"facets": 1}).json()
    facets = body["facets"]
    assert {"country", "region", "year", "mechanism", "type", "role", "gender", "status"} <= set(facets)
    for facet in facets.values():
        assert set(facet) == {"title", "timed_out", "truncated", "values"}
        assert facet["timed_out"] is False
    counts = {v["value"]: v["count"] for v in facets["country"]["values"]}
    assert counts == {"NI": 2, "DJ": 1}
    selected = client.get("/api/v1/cases", {"facets": "1", "country": "DJ"}).json()["facets"]["country"]
    assert [v for v in selected["values"] if v["selected"]] == [
        {"value": "DJ", "label": "Djibouti", "count": 1, "selected": True}
    ]
    client.force_login(partner)
    counts = {
        v["value"]: v["count"]
        for v in client.get("/api/v1/cases?facets=1").json()["facets"]["country"]["values"]
    }
    assert counts == {"NI": 2, "DJ": 3}


def test_facets_report_timeouts(client, world, monkeypatch):
    import cases.facets

    @contextmanager
    def out_of_time(milliseconds):
        raise cases.facets.FacetTimeout
        yield

    monkeypatch.setattr(cases.facets, "time_limit", out_of_time)
    body = client.get("/api/v1/cases", {"facets": "1"}).json()
    assert body["count"] == 3  # the list itself still answers
    assert all(f["timed_out"] and f["values"] == [] for f in body["facets"].values())


# --- Visibility -------------------------------------------------------------------------------


def _list(client):
    return set(_ids(client.get("/api/v1/cases", {"limit": 500})))


def test_personas_see_their_cases(client, researcher, partner, curator, administrator, world):
    public = {world[k].public_id for k in ("travel", "detained", "dj_public")}
    assert _list(client) == public
    client.force_login(researcher)
    assert _list(client) == public
    client.force_login(partner)
    assert _list(client) == public | {world["dj_confidential"].public_id, world["dj_restricted"].public_id}
    client.force_login(curator)
    assert _list(client) == public | {world["dj_restricted"].public_id, world["ni_draft"].public_id}
    client.force_login(administrator)
    assert len(_list(client)) == 7


def test_hidden_case_answers_exactly_like_a_missing_one(client, researcher, world):
    missing = client.get("/api/v1/cases/nosuchcase")
    _assert_error(missing, 404, "not_found")
    for viewer in (None, researcher):
        if viewer:
            client.force_login(viewer)
        for key in ("dj_confidential", "dj_restricted", "ni_confidential", "ni_draft"):
            hidden = client.get(f"/api/v1/cases/{world[key].public_id}")
            assert hidden.status_code == 404
            assert hidden.content == missing.content
            assert world[key].public_id not in hidden.content.decode()


def test_partner_grant_opens_djibouti_only(client, partner, world):
    client.force_login(partner)
    detail = client.get(f"/api/v1/cases/{world['dj_confidential'].public_id}")
    assert detail.status_code == 200
    assert detail.json()["visibility"] == "confidential"
    assert detail.json()["victims"][0]["name"] == "Hidden Person"
    assert client.get(f"/api/v1/cases/{world['ni_confidential'].public_id}").status_code == 404
    assert client.get(f"/api/v1/cases/{world['ni_draft'].public_id}").status_code == 404


def test_countries_count_visible_cases(client, partner, world):
    body = client.get("/api/v1/countries", {"limit": 500}).json()
    assert body["count"] == Country.objects.count()
    counts = {c["iso2"]: c["case_count"] for c in body["results"]}
    assert counts["NI"] == 2 and counts["DJ"] == 1 and counts["FR"] == 0
    with_cases = client.get("/api/v1/countries", {"has_cases": "1"}).json()
    assert [c["iso2"] for c in with_cases["results"]] == ["DJ", "NI"]
    dj = client.get("/api/v1/countries/dj").json()
    assert dj == client.get("/api/v1/countries/DJ").json()
    assert dj["case_count"] == 1 and dj["name"] == "Djibouti" and dj["region"] == "Africa"
    assert dj["url"] == f"{settings.SITE_URL}/countries/dj/"
    client.force_login(partner)
    assert client.get("/api/v1/countries/dj").json()["case_count"] == 3


def test_countries_filters(client, world):
    africa = client.get("/api/v1/countries", {"region": "Africa", "limit": 500}).json()
    assert africa["count"] == Country.objects.filter(region="Africa").count()
    assert {c["region"] for c in africa["results"]} == {"Africa"}
    territories = client.get("/api/v1/countries", {"status": "territory", "limit": 500}).json()
    assert {c["status"] for c in territories["results"]} == {"territory"}
    both = client.get("/api/v1/countries", {"region": ["Africa", "Europe"], "limit": 1}).json()
    assert both["count"] == Country.objects.filter(region__in=["Africa", "Europe"]).count()
    error = _assert_error(client.get("/api/v1/countries", {"region": "Mars"}), 400, "invalid_parameters")
    assert set(error["details"]) == {"region"}
    _assert_error(client.get("/api/v1/countries", {"status": "colony"}), 400, "invalid_parameters")
    _assert_error(client.get("/api/v1/countries/zz"), 404, "not_found")


def test_reports_list_and_detail(client, partner, world):
    listed = {r["symbol"]: r for r in client.get("/api/v1/reports", {"limit": 500}).json()["results"]}
    assert listed["A/HRC/99/1"]["case_count"] == 3
    assert client.get("/api/v1/reports", {"year": 2020}).json()["count"] >= 1
    assert {r["year"] for r in client.get("/api/v1/reports", {"year": 2020}).json()["results"]} == {2020}

    response = client.get("/api/v1/reports/A/HRC/99/1")
    assert response.status_code == 200
    report = response.json()
    assert report["symbol"] == "A/HRC/99/1" and report["case_count"] == 3
    assert report["url"] == f"{settings.SITE_URL}/reports/A/HRC/99/1/"
    # document order: main body before the annex
    assert [(p["section"], p["number"]) for p in report["paragraphs"]] == [("body", 3), ("annex_1", 1)]
    body, annex = report["paragraphs"]
    assert body["cases"] == [world["dj_public"].public_id]
    assert body["country"] == "DJ" and body["reference"] == "A/HRC/99/1 ¶3"
    assert annex["cases"] == [world["travel"].public_id]
    assert set(report["cases"]) == {world[k].public_id for k in ("travel", "detained", "dj_public")}
    text = response.content.decode()
    for key in ("dj_confidential", "ni_confidential"):
        assert world[key].public_id not in text

    client.force_login(partner)
    report = client.get("/api/v1/reports/A/HRC/99/1").json()
    assert report["case_count"] == 4
    assert set(report["paragraphs"][0]["cases"]) == {
        world["dj_public"].public_id,
        world["dj_confidential"].public_id,
    }
    assert world["ni_confidential"].public_id not in json.dumps(report)


def test_unknown_report_is_404(client, world):
    _assert_error(client.get("/api/v1/reports/A/HRC/0/0"), 404, "not_found")


def test_vocabularies_count_visible_cases(client, partner, world):
    def counts(path):
        return {r["slug"]: r["case_count"] for r in client.get(path, {"limit": 500}).json()["results"]}

    assert counts("/api/v1/mechanisms")["cedaw"] == 1
    assert counts("/api/v1/reprisal-types")["travel-ban"] == 1
    assert counts("/api/v1/victim-roles")["journalist"] == 1
    client.force_login(partner)
    assert counts("/api/v1/victim-roles")["journalist"] == 2  # the confidential Djibouti victim
    treaty = client.get("/api/v1/mechanisms", {"group": "treaty_body", "limit": 500}).json()
    assert {m["group"] for m in treaty["results"]} == {"treaty_body"}
    cedaw = next(m for m in treaty["results"] if m["slug"] == "cedaw")
    assert set(cedaw) == {"slug", "name", "abbreviation", "group", "case_count"}
    assert cedaw["abbreviation"] == "CEDAW"
    _assert_error(client.get("/api/v1/mechanisms", {"group": "nope"}), 400, "invalid_parameters")


# --- Errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, bad",
    [
        ({"status": "bogus"}, "status"),
        ({"region": "Mars"}, "region"),
        ({"gender": "x"}, "gender"),
        ({"perpetrator": "aliens"}, "perpetrator"),
        ({"year": "twenty"}, "year"),
        ({"year": "99999999999999999999"}, "year"),
        ({"sort": "random"}, "sort"),
        ({"facets": "perhaps"}, "facets"),
        ({"limit": "1000"}, "limit"),
    ],
)
def test_invalid_parameters_are_400(client, world, params, bad):
    error = _assert_error(client.get("/api/v1/cases", params), 400, "invalid_parameters")
    assert bad in error["details"]


def test_method_not_allowed(world):
    client = Client(enforce_csrf_checks=True)  # as in production: no CSRF page instead of the 405
    for method, path in (
        ("post", "/api/v1/cases"),
        ("delete", f"/api/v1/cases/{world['travel'].public_id}"),
        ("put", "/api/v1/countries/dj"),
        ("post", "/api/v1/reports/A/HRC/99/1"),
        ("post", "/api/v1/openapi.json"),
        ("post", "/api/v1/"),
        ("options", "/api/v1/mechanisms"),
    ):
        response = getattr(client, method)(path)
        error = _assert_error(response, 405, "method_not_allowed")
        assert "GET" in response["Allow"] and "GET" in error["details"]["allowed_methods"]
    _assert_error(client.post("/api/v1/nothing"), 404, "not_found")


def test_head_answers_like_get_without_a_body(client, world):
    response = client.head("/api/v1/cases")
    assert response.status_code == 200 and response.content == b""


def test_unknown_paths_below_the_api_are_404(client):
    for path in ("/api/v1/nothing", "/api/v1/cases/", "/api/v1/docs", "/api/v1/cases/x/y"):
        _assert_error(client.get(path), 404, "not_found")


def test_unexpected_failure_is_500_in_the_error_shape(world, monkeypatch):
    import api.cases

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api.cases, "search_cases", explode)
    response = Client(raise_request_exception=False).get("/api/v1/cases")
    error = _assert_error(response, 500, "server_error")
    assert "boom" not in response.content.decode()
    assert error["details"] == {}


# --- No third parties -------------------------------------------------------------------------

ENDPOINTS = [
    "/api/v1/",
    "/api/v1/openapi.json",
    "/api/v1/cases?facets=1",
    "/api/v1/countries?limit=500",
    "/api/v1/countries/ni",
    "/api/v1/reports?limit=500",
    "/api/v1/reports/A/HRC/99/1",
    "/api/v1/mechanisms?limit=500",
    "/api/v1/reprisal-types",
    "/api/v1/victim-roles",
    "/api/v1/nothing",
    "/api/v1/docs",
]


def test_no_cdn_or_third_party_urls_in_any_response(client, world):
    # A report's source address is a citation (the reference data records where each report's
    # facts come from), never a page asset: it is the one link out allowed.
    cited = set(Report.objects.exclude(source_url="").values_list("source_url", flat=True))
    urls = [*ENDPOINTS, f"/api/v1/cases/{world['travel'].public_id}"]
    for path in urls:
        response = client.get(path)
        text = response.content.decode()
        assert response["Content-Type"].startswith("application/json"), path
        for cdn in ("cdn", "jsdelivr", "unpkg", "googleapis", "cloudflare", "swagger-ui", "redoc"):
            assert cdn not in text.lower(), f"{path} mentions {cdn}"
        for url in re.findall(r"https?://[^\s\"']+", text):
            assert url.startswith(settings.SITE_URL) or url in cited, f"{path} links outside the site: {url}"


# --- Kept representations -----------------------------------------------------------------


def test_list_representations_are_kept_until_the_data_changes(client, world):
    def page():
        with CaptureQueriesContext(connection) as ctx:
            body = client.get("/api/v1/cases", {"limit": 500}).json()
        touched = [
            q["sql"]
            for q in ctx.captured_queries
            if "cases_victim" in q["sql"] or "cases_mention" in q["sql"]
        ]
        return {c["id"]: c for c in body["results"]}, touched

    first, touched = page()
    assert touched  # the first request reads the victims and mentions
    again, touched = page()
    assert again == first and touched == []
    travel = world["travel"].public_id
    Victim.objects.filter(name="Ana Example").update(name="Ana Renamed")
    Paragraph.objects.filter(section=Paragraph.Section.ANNEX_I).update(number=7)  # a paragraph's own table
    changed, _ = page()
    assert "Ana Renamed" in {v["name"] for v in changed[travel]["victims"]}
    assert changed[travel]["mentions"][0]["paragraph"] == 7


def test_a_kept_representation_still_records_the_access(client, partner, world):
    from audit.models import AuditEvent

    client.force_login(partner)
    for _ in range(2):
        assert world["dj_confidential"].public_id in _ids(client.get("/api/v1/cases", {"limit": 500}))
    viewed = AuditEvent.objects.filter(case_pk=world["dj_confidential"].pk, action="view")
    assert viewed.count() == 2
    client.logout()  # a visitor, after the partner filled the cache, still sees public cases only
    assert world["dj_confidential"].public_id not in _ids(client.get("/api/v1/cases", {"limit": 500}))
