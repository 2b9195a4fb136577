"""The visibility gate: every URL the site exposes, visited as a visitor and as a researcher
without grants, must never reveal a restricted, confidential or unpublished case — not its
title, victims, summary, id, related rows, nor its existence through a count — nor any
supporter's data or intake submission.

The URLs come from the URL configuration, the sitemap (when there is one) and the API's OpenAPI
schema, with their parameters filled, and then from every same-site link the pages hold, so new
surfaces are covered automatically. Keep the world below current as new kinds of data appear.
"""

import json
import re
from collections import deque
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from cases.models import Case, Country
from cases.statistics import headline_figures
from cases.tests.factories import CaseFactory, MentionFactory, ParagraphFactory, ReportFactory, VictimFactory
from cases.visibility import ANONYMOUS, Visibility

SECRET_MARKERS = {
    "restricted": "Zyxrestricted",
    "confidential": "Zyxconfidential",
    "draft": "Zyxdraft",
}
# Data about people that no visitor or researcher may ever see, whatever the record.
PERSONAL_MARKERS = {
    "supporter": "Zyxsupporter",
    "intake": "Zyxintake",
    "subscriber": "Zyxsubscriber",
}
ALL_MARKERS = [*SECRET_MARKERS.values(), *PERSONAL_MARKERS.values()]
MAX_CRAWLED = 300  # links followed beyond the configured URLs, per visit of the site


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


def _add_campaign_data(world, secrets):
    """A published campaign featuring the public and the confidential case, with a petition
    signed and a mailing list subscribed to by supporters carrying markers."""
    from campaigns.models import Campaign, FeaturedCase, MailingList, Petition, Signature, Subscription
    from mailer.addresses import email_hash

    campaign = Campaign.objects.create(
        slug="leak-test", title="Leak test campaign", story="A story.", is_published=True
    )
    FeaturedCase.objects.create(campaign=campaign, case=world["public"], position=1, blurb="Public.")
    FeaturedCase.objects.create(campaign=campaign, case=secrets["confidential"], position=2, blurb="Hidden.")
    petition = Petition.objects.create(
        campaign=campaign,
        slug="sign-here",
        title="Sign here",
        addressee="The Secretary-General",
        text="Please act.",
        consent_text="I agree.",
    )
    marker = PERSONAL_MARKERS["supporter"]
    email = f"{marker.lower()}@example.org"
    signature = Signature.objects.create(
        petition=petition,
        name=f"{marker} Signer",
        email=email,
        email_hash=email_hash(email),
        country=Country.objects.get(iso2="FR"),
        status=Signature.Status.CONFIRMED,
    )
    mailing_list = MailingList.objects.create(slug="leak-news", name="News", consent_text="Yes.")
    subscriber = f"{PERSONAL_MARKERS['subscriber'].lower()}@example.org"
    subscription = Subscription.objects.create(
        mailing_list=mailing_list,
        email=subscriber,
        email_hash=email_hash(subscriber),
        status=Subscription.Status.CONFIRMED,
    )
    world["values"]["slug"] = [campaign.slug, "x"]
    world["values"]["petition_slug"] = [petition.slug]
    world["secret_strings"] += [signature.token, subscription.token, email, subscriber]


def _add_tracking_data(world, secrets):
    """A timeline event on the confidential case, and a follower of the public case."""
    import datetime

    from tracking.models import Subscription, TimelineEvent

    TimelineEvent.objects.create(
        case=secrets["confidential"],
        date=datetime.date(2023, 5, 1),
        kind=TimelineEvent.Kind.COMMUNICATION,
        note=f"{SECRET_MARKERS['confidential']} timeline note",
    )
    follower = f"{PERSONAL_MARKERS['subscriber'].lower()}-follower@example.org"
    Subscription.objects.create(email=follower, kind=Subscription.Kind.CASE, case=world["public"])
    world["secret_strings"].append(follower)


def _add_intake_submission(world, settings_fixture, tmp_path):
    from intake import crypto, services

    public, _private = crypto.generate_keypair()
    settings_fixture.INTAKE_PUBLIC_KEY = public
    settings_fixture.INTAKE_DEV_KEY_DIR = tmp_path / "intake-dev-key"
    marker = PERSONAL_MARKERS["intake"]
    submission, receipt = services.submit(
        {"what_happened": f"{marker} what happened", "victim_name": f"{marker} Person", "country": "DJ"}, []
    )
    world["secret_strings"] += [submission.reference, receipt]


@pytest.fixture
def secret_world(db, settings, tmp_path):
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
    world = {
        "public": public,
        "secrets": secrets,
        "report": report,
        "secret_strings": [],
        "values": {"slug": ["x"]},
    }
    if apps.is_installed("campaigns"):
        _add_campaign_data(world, secrets)
    if apps.is_installed("tracking"):
        _add_tracking_data(world, secrets)
    if apps.is_installed("intake"):
        _add_intake_submission(world, settings, tmp_path)
    return world


QUERIES = [
    "",
    # Searched words are in the hidden records but are not markers: pages echo the query.
    "?q=Blorprestricted",
    "?q=Blorpconfidential",
    "?q=Blorpdraft",
    "?country=DJ",
    "?mechanism=upr&type=travel-ban&role=journalist",
    "?facets=1",
]


def _api_schema_paths(client, values) -> set[str]:
    """GET paths of the API's OpenAPI schema, with their parameters filled."""
    response = client.get("/api/v1/openapi.json")
    if response.status_code != 200:
        return set()
    paths = set()
    for path, operations in json.loads(response.content)["paths"].items():
        if "get" in operations:
            paths.update(_fill(re.sub(r"\{(\w+)\}", r"<\1>", path), values))
    return paths


def _sitemap_paths(client, routes) -> set[str]:
    paths = set()
    for route in routes:
        if "sitemap" in route and "<" not in route:
            body = client.get("/" + route.lstrip("/")).content.decode("utf-8", errors="replace")
            paths.update(urlsplit(unescape(loc)).path for loc in re.findall(r"<loc>([^<]+)</loc>", body))
    return paths


def _values(world) -> dict:
    ids = [world["public"].public_id, *(c.public_id for c in world["secrets"].values())]
    return {
        "public_id": ids,
        "pk": ["1"],
        "iso2": ["dj", "DJ"],
        "symbol": [world["report"].symbol],
        "path": ["x"],
        **world["values"],
    }


# Pages of one record get fewer query variants than lists, searches, feeds and downloads.
RECORD_QUERIES = ["", "?q=Blorpconfidential", "?country=DJ"]


def _base_urls(client, world) -> list[str]:
    values = _values(world)
    routes = [r for r in _walk(get_resolver()) if not r.startswith(("admin/", "static/"))]
    lists, records = set(), set()
    for route in routes:
        (records if "<" in route else lists).update(_fill(route, values))
    api = _api_schema_paths(client, values)
    lists.update(u for u in api if "{" not in u and not any(v in u for vs in values.values() for v in vs))
    records.update(api - lists)
    lists.update(_sitemap_paths(client, routes))
    # Addresses of hidden cases answer "not found" whatever the query: asked once, plain.
    hidden = [c.public_id for c in world["secrets"].values()]
    plain = {u for u in lists | records if any(public_id in u for public_id in hidden)}
    lists, records = lists - plain, records - plain
    translated = {f"/ar{u}" for u in lists | records if not u.startswith(("/api/", "/accounts/"))}
    return sorted(
        {u + q for u in lists for q in QUERIES}
        | {u + q for u in records for q in RECORD_QUERIES}
        | plain
        | translated
    )


_LANGUAGE_PREFIXES = {code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE}
_LINK = re.compile(r"""(?:href|src|action)="([^"]+)"|"(?:url|next|previous)":\s*"([^"]+)\"""")


def _links(text: str) -> list[str]:
    """Same-site addresses in a page (HTML attributes, or JSON url/next/previous)."""
    found = []
    for match in _LINK.finditer(text):
        url = unescape(match.group(1) or match.group(2))
        if url.startswith(settings.SITE_URL):
            url = url[len(settings.SITE_URL) :]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(("/admin/", settings.STATIC_URL, "/accounts/logout")):
            continue
        if parts.path.split("/")[1] in _LANGUAGE_PREFIXES:
            continue  # the same page in another language: visited once per base URL instead
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _body(response) -> str:
    body = b"".join(response) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return _pdf_text(body)
    return body.decode("utf-8", errors="replace")


def _pdf_text(data: bytes) -> str:
    """A PDF's text and metadata (its raw bytes hold a creation time and compressed streams)."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    metadata = {k: v for k, v in (reader.metadata or {}).items() if "Date" not in k}
    return repr(metadata) + "\n".join(page.extract_text() or "" for page in reader.pages)


def _visit(client, urls, crawl=True):
    """Yields (url, response, text) for each URL, then for the same-site links found, breadth
    first, up to MAX_CRAWLED more."""
    queue, seen, crawled = deque(urls), set(urls), 0
    while queue:
        url = queue.popleft()
        response = client.get(url)
        text = _body(response)
        yield url, response, text
        if not crawl or response.status_code != 200:
            continue
        for link in _links(text):
            if link not in seen and crawled < MAX_CRAWLED:
                seen.add(link)
                queue.append(link)
                crawled += 1


def _assert_no_leak(client, world, who) -> dict[str, tuple[int, str]]:
    """Visits everything; fails on any marker, hidden id or secret. Returns what was seen."""
    from django.utils import timezone

    secret_ids = [c.public_id for c in world["secrets"].values()]
    since, seen = timezone.now(), {}
    for url, response, text in _visit(client, _base_urls(client, world)):
        if response.status_code >= 500:
            pytest.fail(f"{who}: {url} answered {response.status_code}")
        for marker in ALL_MARKERS:
            assert marker not in text and marker.lower() not in text, f"{who}: {url} leaks {marker}"
        for public_id in secret_ids:
            # A "not found" page may echo the address asked for (which holds the id), exactly as
            # it does for an id that does not exist (test_hidden_case_answers_like_a_missing_one).
            assert public_id not in text or public_id in url and response.status_code == 404, (
                f"{who}: {url} reveals the id of a hidden case"
            )
        for secret in world["secret_strings"]:
            assert secret not in text, f"{who}: {url} reveals {secret!r}"
        seen[url] = (response.status_code, _without_clock(_normalised(text), since))
    assert len(seen) > 20
    _assert_no_mail_leak(world)
    return seen


def _assert_no_mail_leak(world):
    """E-mail is a surface too: nothing queued while browsing carries hidden data."""
    from mailer.models import OutboundEmail

    for email in OutboundEmail.objects.all():
        text = f"{email.subject}\n{email.body_text}\n{email.body_html}"
        for marker in SECRET_MARKERS.values():
            assert marker not in text, f"e-mail to {email.to} leaks {marker}"


def _assert_hidden_records_change_nothing(client, world, who, with_hidden):
    """Every page, feed, download and API answer is the same with and without the hidden cases:
    no headline figure, facet count, API `count`, chart or list reveals that a restricted,
    confidential or unpublished case exists."""
    for case in world["secrets"].values():
        case.delete()
    without_hidden = _snapshot(client, list(with_hidden))
    differing = [url for url in with_hidden if with_hidden[url] != without_hidden[url]]
    assert not differing, f"{who}: hidden cases change {len(differing)} page(s): {differing[:15]}"


def test_no_surface_leaks_to_visitor(client, secret_world):
    seen = _assert_no_leak(client, secret_world, "visitor")
    _assert_hidden_records_change_nothing(client, secret_world, "visitor", seen)


def test_no_surface_leaks_to_researcher_without_grants(client, researcher, secret_world):
    client.force_login(researcher)
    seen = _assert_no_leak(client, secret_world, "researcher")
    _assert_hidden_records_change_nothing(client, secret_world, "researcher", seen)


# --- counts -------------------------------------------------------------------------------------


def _normalised(text: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")


def _without_clock(text: str, since) -> str:
    """Masks timestamps taken from the clock during the visit (an empty feed is "updated" now);
    every timestamp of a record, hidden ones included, is older than `since` and stays."""
    from datetime import UTC, datetime

    def mask(match):
        try:
            value = datetime.fromisoformat(match.group(0).replace("Z", "+00:00"))
        except ValueError:
            return match.group(0)
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return "NOW" if value >= since else match.group(0)

    return _TIMESTAMP.sub(mask, text)


def _snapshot(client, urls) -> dict[str, tuple[int, str]]:
    from django.utils import timezone

    since = timezone.now()
    return {
        url: (r.status_code, _without_clock(_normalised(text), since))
        for url, r, text in _visit(client, urls, crawl=False)
    }


def test_headline_counts_include_only_visible_cases(secret_world):
    assert headline_figures(Case.objects.visible_to(ANONYMOUS)) == {"cases": 1, "countries": 1, "reports": 1}


# --- related data: a public record does not lead to a hidden one -------------------------------


def test_public_case_does_not_reveal_linked_hidden_cases(client, secret_world):
    """The public case shares a report paragraph (and a campaign) with hidden ones: its page, its
    report's page and their API answers name none of them, nor count them."""
    public, report = secret_world["public"], secret_world["report"]
    pages = [
        public.get_absolute_url(),
        f"/reports/{report.symbol}/",
        f"/api/v1/cases/{public.public_id}",
        f"/api/v1/reports/{report.symbol}",
    ]
    if apps.is_installed("campaigns"):
        pages.append("/campaigns/leak-test/")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = _body(response)
        for case in secret_world["secrets"].values():
            assert case.public_id not in text, f"{url} names hidden case {case.public_id}"
            assert case.title not in text and "Blorp" not in text, f"{url} shows a hidden title"
    report_page = _body(client.get(f"/reports/{report.symbol}/"))
    assert public.title in report_page


# --- a hidden record answers exactly like a missing one ----------------------------------------


def _routes_with_public_id() -> list[str]:
    routes = [r for r in _walk(get_resolver()) if re.search(r"<(?:\w+:)?public_id>", r)]
    return [r for r in routes if not r.startswith("admin/")]


@pytest.mark.parametrize("who", ["visitor", "researcher"])
def test_hidden_case_answers_like_a_missing_one(client, researcher, secret_world, who):
    """On every address that takes a case id (pages, feeds, follow and share pages, the API),
    a hidden case answers with the same status, type and body as an id that does not exist."""
    if who == "researcher":
        client.force_login(researcher)

    def answer(url, public_id):
        response = client.get(url)
        body = _normalised(_body(response)).replace(public_id, "ID")
        location = response.get("Location", "").replace(public_id, "ID")
        return response.status_code, response.get("Content-Type"), location, body

    missing_id = "zzzzzzzzzz"
    assert not Case.objects.filter(public_id=missing_id).exists()
    routes = _routes_with_public_id() + ["api/v1/cases/<public_id>"]
    checked = 0
    for route in routes:
        for case in secret_world["secrets"].values():
            hidden_url = _fill(route, {**_values(secret_world), "public_id": [case.public_id]})[0]
            missing_url = _fill(route, {**_values(secret_world), "public_id": [missing_id]})[0]
            hidden, missing = answer(hidden_url, case.public_id), answer(missing_url, missing_id)
            assert hidden == missing, f"{who}: {hidden_url} answers unlike a missing case"
            checked += 1
    assert checked >= 6


def test_hidden_case_answers_like_a_missing_one_in_the_admin(client, curator, secret_world):
    """A curator without a grant: a confidential case's admin pages answer like a missing id."""
    client.force_login(curator)
    hidden = secret_world["secrets"]["confidential"]
    missing_pk = 987654321
    for suffix in ("change/", "history/", "history/compare/", "delete/", "publish/"):
        answers = []
        for pk in (hidden.pk, missing_pk):
            response = client.get(f"/admin/cases/case/{pk}/{suffix}")
            followed = client.get(response["Location"]) if response.status_code == 302 else response
            answers.append(
                (
                    response.status_code,
                    response.headers.get("Location"),
                    # The key appears in the admin's "does not exist" message and in paths.
                    re.sub(rf"(?<=[“/]){pk}(?=[”/])", "PK", _normalised(_body(followed))),
                )
            )
        assert answers[0] == answers[1], suffix


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


def test_confidential_records_open_only_through_a_grant_whatever_the_role(secret_world):
    """Every role group, without a grant, sees no confidential record; a grant for the record,
    or for its country, opens it."""
    from django.contrib.auth.models import Group

    from cases.models import AccessGrant
    from cases.roles import ADMINISTRATORS, CURATORS, RESEARCHERS, REVIEWERS
    from cases.tests.factories import UserFactory

    confidential = secret_world["secrets"]["confidential"]
    for name in (RESEARCHERS, CURATORS, REVIEWERS, ADMINISTRATORS):
        user = UserFactory(username=f"role-{name.lower()}", is_staff=name != RESEARCHERS)
        user.groups.add(Group.objects.get(name=name))
        assert confidential not in Case.objects.visible_to(user), name
        grant = AccessGrant.objects.create(user=user, case=confidential, level=AccessGrant.Level.CONFIDENTIAL)
        user = type(user).objects.get(pk=user.pk)  # fresh permission cache
        assert confidential in Case.objects.visible_to(user), name
        grant.delete()
        AccessGrant.objects.create(
            user=user, country=confidential.country, level=AccessGrant.Level.CONFIDENTIAL
        )
        assert confidential in Case.objects.visible_to(user), name
        # A restricted-level grant does not open a confidential record.
        AccessGrant.objects.filter(user=user).update(level=AccessGrant.Level.RESTRICTED)
        assert confidential not in Case.objects.visible_to(user), name


# Modules that may read cases without `visible_to(user)`, and why. Everything else (views, the
# API, feeds, exports, admin pages, staff pages, services that serve a person) goes through the
# rule. A new direct query fails the test below until it is listed here with its reason.
DIRECT_CASE_QUERIES = {
    "cases/search/query.py": "re-reads, in rank order, ids that came from a gated queryset",
    "cases/facet_index.py": "counts facets of ids that came from a gated queryset",
    "tracking/analysis/data.py": "charts the ids of a gated queryset",
    "tracking/analysis/charts.py": "charts the ids of a gated queryset",
    "cases/search/index.py": "keeps the search index of every case current (no reader)",
    "cases/signals.py": "keeps derived data of every case current (no reader)",
    "audit/services.py": "records who saw which case; the cases come from the caller's gated query",
    "cases/demo/__init__.py": "the operator's demo loader (management command)",
    "campaigns/demo/loader.py": "the operator's demo loader (management command)",
    "states/reference/loader.py": "the operator's reference loader (management command)",
    "ingest/services/jobs.py": "the worker links candidates to every earlier case; the review page gates what it shows",
    "ingest/services/review.py": "creates a case, and locks a target checked through the rule just before",
    "intake/services.py": "creates the confidential case made from a submission",
    "intake/forms.py": "an empty choice list the view fills from a gated queryset",
    "campaigns/admin.py": "the consent overview of a campaign's featured cases: cases_consent shows only those visible to the signed-in user",
    "cases/admin_consent.py": "reads the stored visibility of the case being edited, whose form the gate already opened",
    "cases/management/commands/rebuild_search_index.py": "the operator's re-indexing command (no reader)",
    "cases/search/admin.py": "matches words over the index; the admin's gated queryset is then narrowed to these ids",
    "uwazi/importer.py": "the operator's Uwazi import (command, or upload with the import permission) creating and updating its cases",
}

_DIRECT_CASE_QUERY = re.compile(r"\bCase\.(?:objects|_default_manager|_base_manager)\.(?!visible_to\()")
_AMBIGUOUS_ACTOR = re.compile(
    r"\.visible_to\(\s*None\s*\)|get_case_for_user\(\s*None\b|import_cases_csv\([^)]*\buser=None"
)


def _project_modules():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    for path in sorted(root.glob("*/**/*.py")):
        parts = path.relative_to(root).parts
        if parts[0] in {".venv", "bench", "var"} or "tests" in parts or "migrations" in parts:
            continue
        yield path.relative_to(root).as_posix(), path.read_text()


def test_only_allow_listed_modules_query_cases_directly():
    """A static check: outside DIRECT_CASE_QUERIES, code reads cases only through visible_to()."""
    offenders, direct = [], set()
    for module, text in _project_modules():
        for number, line in enumerate(text.splitlines(), 1):
            if _DIRECT_CASE_QUERY.search(line):
                direct.add(module)
                if module not in DIRECT_CASE_QUERIES:
                    offenders.append(f"{module}:{number}: {line.strip()}")
    assert not offenders, "Case.objects used without visible_to():\n" + "\n".join(offenders)
    stale = sorted(set(DIRECT_CASE_QUERIES) - direct)
    assert not stale, f"allow-listed modules that no longer query cases directly: {stale}"


def test_no_code_asks_for_cases_as_none(db):
    """`None` meant anonymous in one place and "everything" in another: project code names the
    actor (request.user, ANONYMOUS or SYSTEM), and None can only ever mean anonymous."""
    offenders = [
        f"{module}:{number}: {line.strip()}"
        for module, text in _project_modules()
        for number, line in enumerate(text.splitlines(), 1)
        if _AMBIGUOUS_ACTOR.search(line)
    ]
    assert not offenders, "\n".join(offenders)
    assert list(Case.objects.visible_to(None)) == list(Case.objects.visible_to(ANONYMOUS))


def test_system_actor_sees_everything_and_anonymous_only_public(secret_world):
    from cases.visibility import ANONYMOUS, SYSTEM

    everything = set(Case.objects.values_list("pk", flat=True))
    assert set(Case.objects.visible_to(SYSTEM).values_list("pk", flat=True)) == everything
    assert list(Case.objects.visible_to(ANONYMOUS)) == [secret_world["public"]]
