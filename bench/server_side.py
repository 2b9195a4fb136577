"""In-process measurements against one benchmark database (DATABASE_URL), run by run_all.py as a
child process:

    DATABASE_URL=... .venv/bin/python bench/server_side.py scenarios SIZE   # the queries, as JSON
    DATABASE_URL=... .venv/bin/python bench/server_side.py measure SIZE     # timings, as JSON
    DATABASE_URL=... .venv/bin/python bench/server_side.py datasette SIZE PATH  # plain SQLite copy

"Server-side" means the service functions the views call (cases.filters.search_cases,
cases.facets.compute_facets, cases.search.query.snippets) and whole views through Django's test
client - everything but the HTTP server and the network. Every query runs as an anonymous
visitor, through Case.objects.visible_to(), exactly as the public pages do.
"""

import contextlib
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

common.setup_path()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

# Facet filters (no words), the same on every database.
FACET_SCENARIOS = [
    ("all cases", []),
    ("one country", [("country", "CN")]),
    ("type + year", [("type", "travel-ban"), ("year", "2020")]),
    ("region + mechanism + status", [("region", "Asia"), ("mechanism", "upr"), ("status", "ongoing")]),
    ("gender + role", [("gender", "female"), ("role", "journalist")]),
]
_SCALE = float(os.environ.get("BENCH_REPEAT_SCALE", "1"))
REPEATS = {
    name: max(3, round(n * _SCALE))
    for name, n in {"search": 25, "facets": 15, "page": 15, "case": 150, "export": 4, "analysis": 8}.items()
}


def scenarios(size: int) -> dict:
    """Search and facet queries, with words drawn from the data, and case pages to open."""
    import django

    django.setup()
    import generate
    from django.contrib.auth.models import AnonymousUser

    from cases.models import Case, Victim

    public = Case.objects.visible_to(AnonymousUser())
    model = generate.WordModel(random.Random(generate.SEED + size + 1))
    # A rare word: in roughly 0.1 % of paragraphs. A name: one victim of a public case.
    rare = model.words[len(generate.FUNCTION_WORDS) + len(generate.DOMAIN_WORDS) + 3000]
    named = (
        Victim.objects.filter(case__in=public.values("pk"), name__regex=r"^[A-Z][a-z]+ [A-Z][a-z]+$")
        .order_by("pk")
        .values_list("name", flat=True)
    )
    count = named.count()
    name = named[count // 2] if count else "Nobody Known"
    search = [
        ("common word", [("q", "detention")]),
        ("two words", [("q", "travel ban")]),
        ("phrase", [("q", '"smear campaign"')]),
        ("rare word", [("q", rare)]),
        ("victim name", [("q", name)]),
        ("word + country", [("q", "journalist"), ("country", "CN")]),
    ]
    ids = list(public.order_by("pk").values_list("public_id", flat=True))
    rng = random.Random(7)
    cases = rng.sample(ids, min(200, len(ids)))
    return {
        "search": [{"name": n, "params": p} for n, p in search],
        "facets": [{"name": n, "params": p} for n, p in FACET_SCENARIOS],
        "cases": cases,
        "case_count": Case.objects.count(),
    }


# One call slower than this is stopped (the database interrupts it) and the query reported as
# "over the limit" instead of holding the run for minutes.
CALL_LIMIT_S = float(os.environ.get("BENCH_CALL_LIMIT_S", "10"))


class OverLimit(Exception):
    pass


def _guarded(function):
    """Run `function` with the database interrupting any statement after CALL_LIMIT_S."""
    from django.db import DatabaseError, connection

    if connection.vendor == "postgresql":
        # measure() set the session's statement_timeout to CALL_LIMIT_S.
        try:
            return function()
        except DatabaseError as exc:
            if "statement timeout" in str(exc) or "canceling statement" in str(exc):
                raise OverLimit from exc
            raise
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + CALL_LIMIT_S
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        return function()
    except DatabaseError as exc:
        if "interrupted" in str(exc):
            raise OverLimit from exc
        raise
    finally:
        raw.set_progress_handler(None, 0)


def _timed(function, repeats: int, warmup: int = 2, guard: bool = False) -> list[float]:
    """Milliseconds per call. With `guard`, a call over CALL_LIMIT_S ends the series: the result
    is then one sample of float("inf")."""
    call = (lambda: _guarded(function)) if guard else function
    try:
        for _ in range(warmup):
            call()
    except OverLimit:
        return [float("inf")]
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        try:
            call()
        except OverLimit:
            return [float("inf")]
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _querydict(params):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, value in params:
        data.appendlist(key, value)
    return data


def measure(size: int, plan: dict) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.core.paginator import Paginator
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cases.cards import with_card_related
    from cases.facets import compute_facets
    from cases.filters import CaseQuery, search_cases
    from cases.models import Case
    from cases.search.query import snippets

    visible = Case.objects.visible_to(AnonymousUser())
    client = Client()
    for kind in ("search", "facets"):
        for item in plan[kind]:
            item["params"] = [tuple(pair) for pair in item["params"]]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(CALL_LIMIT_S * 1000)])
    out = {"vendor": connection.vendor, "size": size, "search": {}, "facets": {}, "pages": {}}

    def search_service(params):
        """What the list view does for the results: filter, rank, count, one page, snippets."""
        query = CaseQuery.from_querydict(_querydict(params))
        page = Paginator(with_card_related(search_cases(visible, query)), settings.CASES_PER_PAGE).get_page(1)
        rows = list(page.object_list)
        snippets([c.pk for c in rows], query.q)
        return page.paginator.count

    def facet_service(params):
        query = CaseQuery.from_querydict(_querydict(params))
        facets = compute_facets(visible, query)
        return sum(1 for f in facets if f.timed_out)

    for item in plan["search"]:
        params = item["params"]
        by_date = [*params, ("sort", "-date")]
        try:
            matches = _guarded(lambda p=by_date: search_service(p))
        except OverLimit:
            matches = None
        with CaptureQueriesContext(connection) as queries, contextlib.suppress(OverLimit):
            _guarded(lambda p=params: search_service(p))
        out["search"][item["name"]] = {
            "params": params,
            "matches": matches,
            "queries": len(queries),
            "service_ms": common.percentiles(
                _timed(lambda p=params: search_service(p), REPEATS["search"], guard=True)
            ),
            "service_by_date_ms": common.percentiles(
                _timed(lambda p=by_date: search_service(p), REPEATS["search"], guard=True)
            ),
            "facets_ms": common.percentiles(
                _timed(lambda p=params: facet_service(p), max(3, REPEATS["facets"] // 2))
            ),
            "facet_timeouts": facet_service(params),
        }
        common.log(f"  search {item['name']!r}: {out['search'][item['name']]['service_ms']['p95']} ms p95")
    for item in plan["facets"]:
        params = item["params"]
        query = CaseQuery.from_querydict(_querydict(params))
        out["facets"][item["name"]] = {
            "params": params,
            "matches": search_cases(visible, query).count(),
            "facets_ms": common.percentiles(_timed(lambda p=params: facet_service(p), REPEATS["facets"])),
            "results_ms": common.percentiles(
                _timed(lambda p=params: search_service(p), REPEATS["search"], guard=True)
            ),
            "facet_timeouts": facet_service(params),
        }
        common.log(f"  facets {item['name']!r}: {out['facets'][item['name']]['facets_ms']['p95']} ms p95")

    def get(url, expect=200):
        started = time.monotonic()
        response = client.get(url)
        if response.status_code == 500 and time.monotonic() - started >= CALL_LIMIT_S * 0.9:
            raise OverLimit(url)  # the API turns the interrupted query into a 500
        if response.status_code != expect:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        if response.streaming:
            return sum(len(chunk) for chunk in response.streaming_content)
        return len(response.content)

    from urllib.parse import urlencode

    pages = {
        "list, no filter": "/cases/",
        "list, search": "/cases/?" + urlencode(plan["search"][0]["params"]),
        "list, facets": "/cases/?" + urlencode(plan["facets"][2]["params"]),
        "api, search + facets": "/api/v1/cases?" + urlencode([*plan["search"][0]["params"], ("facets", "1")]),
    }
    for name, url in pages.items():
        out["pages"][name] = {
            "url": url,
            "ms": common.percentiles(_timed(lambda u=url: get(u), REPEATS["page"])),
        }
    cases = iter(plan["cases"] * 3)
    out["pages"]["case page"] = {
        "url": "/cases/<public_id>/",
        "ms": common.percentiles(_timed(lambda: get(f"/cases/{next(cases)}/"), REPEATS["case"], warmup=3)),
    }
    reset_queries()
    size_bytes = get("/cases.csv")
    rows = Case.objects.visible_to(AnonymousUser()).count()
    out["pages"]["csv export"] = {
        "url": "/cases.csv",
        "rows": min(rows, settings.EXPORT_MAX_ROWS),
        "bytes": size_bytes,
        "ms": common.percentiles(_timed(lambda: get("/cases.csv"), REPEATS["export"], warmup=1)),
    }
    out["pages"]["list after a write"] = _after_writes(
        get, "/cases/?" + urlencode(plan["facets"][2]["params"])
    )
    for name, url in _analysis_urls().items():
        # The first request builds the charts kept until the data changes; the others read them.
        started = time.perf_counter()
        get(url)
        out["pages"][name] = {
            "url": url,
            "first_ms": round((time.perf_counter() - started) * 1000, 2),
            "ms": common.percentiles(_timed(lambda u=url: get(u), REPEATS["analysis"])),
        }
    for name, page in out["pages"].items():
        common.log(f"  page {name!r}: {page['ms']['p95']} ms p95")
    return out


def _after_writes(get, url: str) -> dict:
    """The list with facets, each time right after a write to one case (its status changed, and
    changed back the next time): the first request of a new data version, which patches the
    facet index (cases/facet_changes.py) and reads each query's bitmap again."""
    from cases.models import Case

    rng = random.Random(7)
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True)[:5000])
    samples = []
    for _ in range(REPEATS["page"]):
        pk = rng.choice(ids)
        status = Case.objects.filter(pk=pk).values_list("status", flat=True).get()
        Case.objects.filter(pk=pk).update(status="resolved" if status != "resolved" else "ongoing")
        started = time.perf_counter()
        get(url)
        samples.append((time.perf_counter() - started) * 1000)
        Case.objects.filter(pk=pk).update(status=status)
    return {"url": url, "ms": common.percentiles(samples)}


def _analysis_urls() -> dict:
    """The analysis pages, if the tracking app provides them."""
    try:
        from django.urls import reverse

        index = reverse("tracking:analysis")
    except Exception:  # noqa: BLE001 - the app may not exist yet
        return {}
    return {"analysis page": index, "analysis page, one country": f"{index}?country=CN"}


def export_datasette(path: Path) -> dict:
    """The public cases as one plain table, the way a Datasette publisher would prepare them:
    lists as JSON arrays (Datasette's _facet_array), full-text search by sqlite-utils."""
    import django

    django.setup()
    import sqlite_utils
    from django.contrib.auth.models import AnonymousUser

    from cases import tabular
    from cases.models import Case, Victim

    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = sqlite_utils.Database(path)
    public = Case.objects.visible_to(AnonymousUser()).order_by("pk")
    search_text = dict(public.values_list("public_id", "search_text").iterator(chunk_size=2000))

    def rows():
        for row in tabular.case_rows(public):
            roles = sorted({r for group in row["victim_roles"] for r in group})
            yield {
                "public_id": row["public_id"],
                "title": row["title"],
                "country_iso2": row["country_iso2"],
                "country": row["country"],
                "region": row["region"],
                "status": row["status"],
                "perpetrator_kind": row["perpetrator_kind"],
                "incident_date": row["incident_date"],
                "incident_date_precision": row["incident_date_precision"],
                "summary": row["summary"],
                "victims": "; ".join(row["victims"]),
                "victim_genders": json.dumps(sorted(set(row["victim_genders"]))),
                "victim_roles": json.dumps(roles),
                "mechanisms": json.dumps(row["mechanisms"]),
                "reprisal_types": json.dumps(row["reprisal_types"]),
                "report_years": json.dumps([str(y) for y in row["report_years"]]),
                "sources": "; ".join(row["sources"]),
                "search_text": search_text.get(row["public_id"], ""),
                "updated_at": row["updated_at"],
            }

    db["cases"].insert_all(rows(), pk="public_id", batch_size=2000)
    db["cases"].enable_fts(["title", "victims", "search_text"], fts_version="FTS5")
    db["cases"].create_index(["incident_date"])
    db.vacuum()
    return {
        "rows": db["cases"].count,
        "seconds": round(time.perf_counter() - started, 1),
        "bytes": path.stat().st_size,
        "victims_in_db": Victim.objects.count(),
    }


def main() -> int:
    mode, size = sys.argv[1], int(sys.argv[2])
    if mode == "scenarios":
        print(json.dumps(scenarios(size)))
    elif mode == "measure":
        plan = json.loads(Path(sys.argv[3]).read_text())
        result = measure(size, plan)
        common.write_json(Path(sys.argv[4]), result)
    elif mode == "datasette":
        print(json.dumps(export_datasette(Path(sys.argv[3]))))
    else:
        raise SystemExit(f"unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
