"""Search quality and speed: does the search find what people type, in every language, and fast?

Runs the query set of bench/search_queries.py (names with misspellings and transliterations,
every UN language's country and vocabulary names, acronyms, operators, words with filters)
over the benchmark databases (the generated cases of bench/generate.py plus the demo data of
`load_demo`, at 100,000 cases by default, SQLite and PostgreSQL) and writes
bench/results/search_quality.json:

- recall_at_10: per query, the share of its relevant cases in the first ten results (of at most
  ten relevant ones), averaged;
- mrr: the mean reciprocal rank of the first relevant case (0 when none is in the first ten);
- zero_result_rate: the share of queries (each has an answer) that returned nothing;
- p95_ms: the 95th percentile of the case list page (search, facets, snippets, through Django's
  request handler in-process, anonymous, in the query's page language), warm.

    .venv/bin/python bench/search_quality.py                      # = make bench-search
    .venv/bin/python bench/search_quality.py --sizes 10000 --backends sqlite

The databases are the cached ones of bench/generate.py (built when missing). Before measuring,
each is migrated, the demo data loaded (only what is missing) and the search index rebuilt once
for this version of the index (`rebuild_search_index`; a marker file keeps it from running
again).
"""

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

# The project first: `import ingest` must find the app, not bench/ingest.py.
common.setup_path()

SEARCH_INDEX_VERSION = 2  # the vocabulary line and the name keys of cases/search
RESULTS = common.ROOT / "bench" / "results" / "search_quality.json"
TARGETS = {"recall_at_10": 0.95, "mrr": 0.8, "zero_result_rate": 0.0, "p95_ms": 50.0}
TIMED_RUNS = 1
# The interpreter running this script (the project's .venv with `make bench-search`).
PYTHON = Path(sys.executable)


def _marker(backend: str, size: int) -> Path:
    return common.VAR / f"search-index-{backend}-{common.label(size)}.json"


def _prepare(backend: str, size: int) -> subprocess.Popen | None:
    """Migrate; then, once per index version, load the demo data and rebuild the search index
    (in a child process, so the two databases are prepared at the same time)."""
    env = common.django_env(common.database_url(backend, size))
    manage = f"{PYTHON} {common.ROOT / 'manage.py'}"
    steps = [f"{manage} migrate --noinput -v 0"]
    if common.read_json(_marker(backend, size), {}).get("version") != SEARCH_INDEX_VERSION:
        common.log(f"{backend} {common.label(size)}: demo data and search index rebuild")
        steps += [f"{manage} load_demo >/dev/null", f"{manage} rebuild_search_index --batch 5000 >/dev/null"]
    return subprocess.Popen(" && ".join(steps), shell=True, env=env, cwd=common.ROOT)  # noqa: S602


# -- in the child process, against one database -------------------------------------------------


def _queries(visible) -> list[dict]:
    import search_queries as s

    from cases.models import Victim

    out = [{"q": q, "lang": lang, "expect": {"country": iso}} for q, lang, iso in s.COUNTRY_NAMES]
    out += [{"q": q, "lang": lang, "expect": e} for q, lang, e in (*s.VOCABULARY, *s.NAMES, *s.OPERATORS)]
    out += [{"q": q, "lang": lang, "filters": f, "expect": e} for q, lang, f, e in s.FILTERED]
    # Generated names: drawn deterministically among the named victims of visible cases.
    rng = random.Random(28)
    names = list(
        Victim.objects.filter(case__in=visible.values("pk"), kind="person")
        .exclude(name="")
        .order_by("pk")
        .values_list("name", flat=True)[:5000]
    )
    names = [n for n in names if n.split()[-1].isalpha()]
    for name in rng.sample(names, min(s.GENERATED_NAMES, len(names))):
        family = name.split()[-1]
        out.append({"q": name, "lang": "en", "expect": {"victim": name}})
        if len(family) >= 4:
            i = rng.randrange(1, len(family))
            out.append({"q": family[:i] + family[i + 1 :], "lang": "en", "expect": {"victim_family": family}})
        if len(family) >= 8:
            chars = list(family)
            for i in rng.sample(range(1, len(chars)), 2):
                chars[i] = "x" if chars[i] != "x" else "z"
            out.append({"q": "".join(chars), "lang": "en", "expect": {"victim_family": family}})
        out.append({"q": f"al-{family}", "lang": "en", "expect": {"victim_family": family}})
    return out


def _relevant(visible, expect: dict) -> set[str]:
    from cases.demo.generator import stable_public_id
    from cases.models import Victim

    qs = visible
    for key, value in expect.items():
        if key == "case":
            keys = value if isinstance(value, list) else [value]
            qs = qs.filter(public_id__in=[stable_public_id(f"endreprisals-seed-{k}") for k in keys])
        elif key == "country":
            qs = qs.filter(country__iso2=value)
        elif key == "region":
            qs = qs.filter(country__region=value)
        elif key == "mechanism":
            qs = qs.filter(mechanisms__slug=value)
        elif key == "type":
            qs = qs.filter(reprisal_types__slug=value)
        elif key == "victim":
            qs = qs.filter(pk__in=Victim.objects.filter(name=value).values("case_id"))
        elif key == "victim_family":
            qs = qs.filter(pk__in=Victim.objects.filter(name__endswith=f" {value}").values("case_id"))
    return set(qs.values_list("public_id", flat=True).distinct())


def measure(backend: str, size: int) -> dict:
    import django

    django.setup()
    from django.http import QueryDict
    from django.test import Client

    from cases.filters import CaseQuery, search_cases
    from cases.models import Case

    visible = Case.objects.visible_to(None)
    client = Client()
    per_query, samples = [], []
    for item in _queries(visible):
        params = QueryDict(mutable=True)
        params["q"] = item["q"]
        for name, values in item.get("filters", {}).items():
            params.setlist(name, values)
        relevant = _relevant(visible, item["expect"])
        top = list(
            search_cases(visible, CaseQuery.from_querydict(params))[:10].values_list("public_id", flat=True)
        )
        hits = [pk for pk in top if pk in relevant]
        first = next((i for i, pk in enumerate(top, 1) if pk in relevant), None)
        prefix = "" if item["lang"] == "en" else f"/{item['lang']}"  # English has no prefix
        url = f"{prefix}/cases/?{params.urlencode()}"
        status = client.get(url).status_code  # warm: the first request fills the caches
        times = []
        for _ in range(TIMED_RUNS):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        samples += times
        per_query.append(
            {
                "q": item["q"],
                "lang": item["lang"],
                "filters": item.get("filters", {}),
                "expect": item["expect"],
                "relevant": len(relevant),
                "returned": len(top),
                "recall_at_10": round(len(hits) / min(10, len(relevant)), 3) if relevant else None,
                "reciprocal_rank": round(1 / first, 3) if first else 0.0,
                "status": status,
                "median_ms": round(sorted(times)[len(times) // 2], 1),
            }
        )
    answered = [r for r in per_query if r["relevant"]]
    timing = common.percentiles(samples)
    return {
        "queries": len(per_query),
        "queries_with_an_answer": len(answered),
        "recall_at_10": round(sum(r["recall_at_10"] for r in answered) / len(answered), 3),
        "mrr": round(sum(r["reciprocal_rank"] for r in answered) / len(answered), 3),
        "zero_result_rate": round(sum(1 for r in answered if not r["returned"]) / len(answered), 3),
        "p95_ms": timing["p95"],
        "timing": timing,
        "cases": Case.objects.count(),
        "failures": [r for r in per_query if r["relevant"] and (r["recall_at_10"] or 0) < 1],
        "per_query": per_query,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--parallel", action="store_true", help="measure the databases at the same time (quality only)"
    )
    parser.add_argument("--measure", nargs=2, metavar=("BACKEND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return 0
    import generate

    sizes = [int(s) for s in args.sizes.split(",") if s]
    backends = [b for b in args.backends.split(",") if b]
    previous = common.read_json(RESULTS) or {}
    results = previous.get("results", {})
    for size in sizes:
        generate.ensure([size], backends)
        preparing = {backend: _prepare(backend, size) for backend in backends}
        for backend, process in preparing.items():
            if process.wait() != 0:
                raise SystemExit(f"preparing {backend} {common.label(size)} failed")
            _marker(backend, size).write_text(
                json.dumps({"version": SEARCH_INDEX_VERSION, "at": time.strftime("%Y-%m-%dT%H:%M:%S")})
            )
        running = {}
        for backend in backends:
            common.log(f"measuring search quality: {backend} {common.label(size)}")
            env = common.django_env(common.database_url(backend, size))
            running[backend] = subprocess.Popen(
                [str(PYTHON), __file__, "--measure", backend, str(size)],
                env=env,
                cwd=common.ROOT,
                stdout=subprocess.PIPE,
                text=True,
            )
            if not args.parallel:
                running[backend].wait()
        for backend, process in running.items():
            out, _err = process.communicate()
            if process.returncode != 0:
                raise SystemExit(f"measuring {backend} {common.label(size)} failed")
            results[f"{backend}_{common.label(size)}"] = json.loads(out.strip().splitlines()[-1])
    summary = {
        key: {k: r[k] for k in ("queries", "recall_at_10", "mrr", "zero_result_rate", "p95_ms", "cases")}
        for key, r in results.items()
    }
    met = {
        key: {
            "recall_at_10": s["recall_at_10"] >= TARGETS["recall_at_10"],
            "mrr": s["mrr"] >= TARGETS["mrr"],
            "zero_result_rate": s["zero_result_rate"] <= TARGETS["zero_result_rate"],
            "p95_ms": s["p95_ms"] is not None and s["p95_ms"] <= TARGETS["p95_ms"],
        }
        for key, s in summary.items()
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "machine": common.machine(),
                "load_before": Path("/proc/loadavg").read_text().split()[:3],
                "targets": TARGETS,
                "summary": summary,
                "met": met,
                "results": results,
            },
            indent=1,
            ensure_ascii=False,
        )
    )
    for key, s in summary.items():
        print(key, json.dumps(s), "met:", json.dumps(met[key]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
