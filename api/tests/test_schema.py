"""The OpenAPI document: valid JSON, every path with its documented parameters, the stable case
keys, and in step with docs/api.md."""

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"

PAGE = {"limit", "offset"}
CASE_FILTERS = {
    "q",
    "country",
    "region",
    "year",
    "mechanism",
    "type",
    "role",
    "gender",
    "status",
    "perpetrator",
}
PATHS = {
    "/api/v1/cases": CASE_FILTERS | {"sort", "facets", "lang"} | PAGE,
    "/api/v1/cases/{public_id}": {"public_id"},
    "/api/v1/countries": {"region", "status", "has_cases"} | PAGE,
    "/api/v1/countries/{iso2}": {"iso2"},
    "/api/v1/reports": {"year"} | PAGE,
    "/api/v1/reports/{symbol}": {"symbol"},
    "/api/v1/mechanisms": {"group"} | PAGE,
    "/api/v1/reprisal-types": PAGE,
    "/api/v1/victim-roles": PAGE,
}
REPEATABLE = CASE_FILTERS - {"q"}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def _params(operation):
    return {p["name"]: p for p in operation.get("parameters", [])}


def test_document_describes_the_api(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "EndReprisals API"
    assert schema["info"]["version"] == "1"


def test_every_path_with_its_parameters_and_only_get(schema):
    assert set(PATHS) <= set(schema["paths"])
    for path, expected in PATHS.items():
        assert set(_params(schema["paths"][path]["get"])) == expected, path
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, f"{path}: the API is read-only"
        assert operations["get"]["operationId"]
        assert "200" in operations["get"]["responses"]


def test_case_list_parameters(schema):
    params = _params(schema["paths"]["/api/v1/cases"]["get"])
    for name in REPEATABLE:
        assert params[name]["schema"]["type"] == "array", name
        assert params[name]["required"] is False
        assert params[name].get("description"), name
    assert params["q"]["schema"]["type"] == "string"
    limit = params["limit"]["schema"]
    assert (limit["type"], limit["default"], limit["minimum"], limit["maximum"]) == ("integer", 50, 1, 500)
    assert params["offset"]["schema"]["minimum"] == 0
    for name in ("relevance", "-date", "date", "title", "country", "-updated"):
        assert name in params["sort"]["description"]


def test_every_reference_resolves(schema):
    text = json.dumps(schema)
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text))
    assert refs and refs <= set(schema["components"]["schemas"])


def test_case_keys_are_the_documented_ones(schema):
    components = schema["components"]["schemas"]
    case = components["CaseOut"]
    keys = {
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
    assert set(case["properties"]) == keys == set(case["required"])
    assert set(components["VictimOut"]["properties"]) == {"name", "description", "kind", "gender", "roles"}
    assert set(components["MentionOut"]["properties"]) == {
        "report",
        "year",
        "section",
        "paragraph",
        "reference",
        "kind",
        "url",
    }
    assert set(components["CasePage"]["properties"]) == {
        "count",
        "limit",
        "offset",
        "next",
        "previous",
        "results",
        "facets",
    }
    assert set(components["ErrorOut"]["properties"]) == {"error"}
    assert set(components["ErrorBody"]["properties"]) == {"code", "message", "details"}


def test_no_docs_page_and_no_cdn(client, schema):
    text = json.dumps(schema).lower()
    assert "cdn" not in text and "swagger-ui" not in text
    assert client.get("/api/v1/docs").status_code == 404


def test_docs_describe_every_path_and_parameter(schema):
    """docs/api.md is the contract: every endpoint and parameter declared here is in it.
    (Routers mounted from other apps, e.g. states.api, are checked by their own tests.)"""
    docs = DOCS.read_text(encoding="utf-8")
    for path in PATHS:
        operations = schema["paths"][path]
        assert f"GET {path}" in docs, f"docs/api.md does not document {path}"
        for name, param in _params(operations["get"]).items():
            if param["in"] == "path":
                continue  # named in the path itself
            assert f"`{name}`" in docs, f"docs/api.md does not document the parameter {name} of {path}"
    documented = set(re.findall(r"GET (/api/v1/[^\s`]*)", docs)) - {"/api/v1/", "/api/v1/openapi.json"}
    assert documented <= set(schema["paths"]), documented - set(schema["paths"])
