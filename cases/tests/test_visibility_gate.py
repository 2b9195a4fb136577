"""The visibility gate: every URL the site exposes, visited as a visitor and as a researcher
without grants, must never reveal a restricted, confidential or unpublished case — not its
title, victims, summary, id, nor its existence through a count.

The URL list is read from the URL configuration, so new surfaces are covered automatically.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from cases.models import Case, Country
from cases.statistics import headline_figures
from cases.tests.factories import CaseFactory, MentionFactory, ParagraphFactory, ReportFactory, VictimFactory
from cases.visibility import Visibility

SECRET_MARKERS = {
    "restricted": "Zyxrestricted",
    "confidential": "Zyxconfidential",
    "draft": "Zyxdraft",
}


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _fill(route: str, values: dict) -> list[str]:
    """Concrete URLs for a route, one per candidate value of each parameter."""
    route = route.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    urls = [route]
    for name in names:
        candidates = values.get(name, ["x"])
        urls = [re.sub(rf"<(?:\w+:)?{name}>", str(v), u, count=1) for u in urls for v in candidates]
    return ["/" + u.lstrip("/") for u in urls if "(?P" not in u and "(" not in u]


@pytest.fixture
def secret_world(db):
    report = ReportFactory(symbol="A/HRC/45/36", year=2020)
    public = CaseFactory(title="Openly reported case", country=Country.objects.get(iso2="DJ"))
    VictimFactory(case=public, name="Public Person")
    para = ParagraphFactory(report=report, number=7, text="A shared paragraph about several people.")
    MentionFactory(case=public, paragraph=para, report=report)
    secrets = {}
    for key, marker in SECRET_MARKERS.items():
        visibility = Visibility.PUBLIC if key == "draft" else Visibility(key)
        case = CaseFactory(
            title=f"{marker} title Blorp{key}",
            summary=f"{marker} summary",
            country=Country.objects.get(iso2="DJ"),
            visibility=visibility,
            published_at=None if key == "draft" else public.published_at,
            mechanisms=["upr"],
            reprisal_types=["travel-ban"],
        )
        VictimFactory(case=case, name=f"{marker} Victim", roles=["journalist"])
        # Linked to the same paragraph as the public case: the report page must not leak it.
        MentionFactory(case=case, paragraph=para, report=report)
        secrets[key] = case
    return {"public": public, "secrets": secrets, "report": report}


def _all_urls(world):
    ids = [world["public"].public_id, *(c.public_id for c in world["secrets"].values())]
    values = {
        "public_id": ids,
        "pk": ["1"],
        "iso2": ["dj", "DJ"],
        "symbol": [world["report"].symbol],
        "path": ["x"],
        "slug": ["x"],
    }
    urls = set()
    for route in _walk(get_resolver()):
        if route.startswith("admin/") or route.startswith("static/"):
            continue
        urls.update(_fill(route, values))
    queries = [
        "",
        # Searched words are in the hidden records but are not markers: pages echo the query.
        "?q=Blorprestricted",
        "?q=Blorpconfidential",
        "?q=Blorpdraft",
        "?country=DJ",
        "?mechanism=upr&type=travel-ban&role=journalist",
        "?facets=1",
    ]
    return sorted(u + q for u in urls for q in queries)


def _assert_no_leak(client, world, who):
    secret_ids = [c.public_id for c in world["secrets"].values()]
    checked = 0
    for url in _all_urls(world):
        response = client.get(url)
        if response.status_code >= 500:
            pytest.fail(f"{who}: {url} answered {response.status_code}")
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        for marker in SECRET_MARKERS.values():
            assert marker not in text, f"{who}: {url} leaks {marker}"
        # A page may echo the address it was asked for (e.g. the language form's "next"):
        # that reveals nothing the requester did not already know.
        echoed = text.replace(url.split("?")[0], "")
        for public_id in secret_ids:
            assert public_id not in echoed, f"{who}: {url} reveals the id of a hidden case"
        checked += 1
    assert checked > 20


def test_no_surface_leaks_to_visitor(client, secret_world):
    _assert_no_leak(client, secret_world, "visitor")


def test_no_surface_leaks_to_researcher_without_grants(client, researcher, secret_world):
    client.force_login(researcher)
    _assert_no_leak(client, secret_world, "researcher")


def test_hidden_case_answers_like_a_missing_one(client, secret_world):
    def normalised(response, public_id):
        body = response.content.decode().replace(public_id, "ID")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)  # masked per request

    missing = client.get("/cases/nosuchcase/")
    for case in secret_world["secrets"].values():
        hidden = client.get(case.get_absolute_url())
        assert hidden.status_code == missing.status_code == 404
        assert normalised(hidden, case.public_id) == normalised(missing, "nosuchcase")


def test_headline_counts_include_only_visible_cases(secret_world):
    assert headline_figures(Case.objects.visible_to(None)) == {"cases": 1, "countries": 1, "reports": 1}


def test_grants_open_exactly_their_scope(partner, researcher, curator, administrator, secret_world):
    secrets = secret_world["secrets"]
    # partner holds a confidential grant for Djibouti: restricted and confidential open, drafts do not.
    partner_sees = set(Case.objects.visible_to(partner))
    assert {secrets["restricted"], secrets["confidential"], secret_world["public"]} <= partner_sees
    assert secrets["draft"] not in partner_sees
    assert set(Case.objects.visible_to(researcher)) == {secret_world["public"]}
    # curators see drafts and every restricted record, but confidential ones only with a grant.
    curator_sees = set(Case.objects.visible_to(curator))
    assert secrets["draft"] in curator_sees and secrets["restricted"] in curator_sees
    assert secrets["confidential"] not in curator_sees
    assert Case.objects.visible_to(administrator).count() == 4


def test_views_only_query_cases_through_the_gate():
    """A static check: code serving users must not read Case.objects without visible_to()."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/**/*.py"):
        parts = path.relative_to(root).parts
        if parts[0] in {".venv", "bench"} or "tests" in parts or "migrations" in parts:
            continue
        if not any(
            p in {"views", "api", "views.py", "feeds.py", "exports.py"} or p.endswith("api.py") for p in parts
        ):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"\bCase\.objects\.(?!visible_to\()", line):
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert not offenders, "Case.objects used without visible_to():\n" + "\n".join(offenders)
