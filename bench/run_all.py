"""`make bench`: every benchmark, one after the other, then bench/results/latest.json and
latest.md (also printed). See bench/README.md for what each figure means.

    .venv/bin/python bench/run_all.py                      # 10k and 100k, all phases
    .venv/bin/python bench/run_all.py --with-1m            # also the million (first build ~1-2 h each)
    .venv/bin/python bench/run_all.py --sizes "" --phases "" --with-1m --backends-1m sqlite
    .venv/bin/python bench/run_all.py --sizes "" --phases "" --memory-of 1000000 --backends-1m sqlite
    .venv/bin/python bench/run_all.py --phases surge,ingest --quick

Phases: generate, importer, server, http, datasette, surge, scaleout, ingest, admin; million with
--with-1m.
"""

import argparse
import asyncio
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

common.setup_path()

REQUIREMENTS = common.BENCH / "requirements.txt"
PHASES = ("generate", "importer", "server", "http", "datasette", "surge", "scaleout", "ingest", "admin")
HEADLINE_SIZE = 100_000
TARGET_P95_MS = 50
TARGET_AFTER_WRITE_MS = 50  # the list with facets right after a write (issue 30)
TARGET_SIGNING_SHARE = 0.5
TARGET_SIGNING_P99_MS = 150
CONCURRENCY = 8  # load clients in the surge: 4 per worker


def install_requirements() -> None:
    """bench/requirements.txt into .venv, once per version of the file."""
    stamp = common.VAR / ".requirements.sha256"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    try:
        import aiohttp  # noqa: F401
        import datasette  # noqa: F401
        import sqlite_utils  # noqa: F401

        current = stamp.read_text().strip() == digest
    except (ImportError, OSError):
        current = False
    if current:
        return
    common.log("installing bench/requirements.txt into .venv")
    subprocess.run(
        [
            str(common.PYTHON),
            "-m",
            "pip",
            "install",
            "--quiet",
            "-r",
            str(REQUIREMENTS),
            "-c",
            str(common.ROOT / "requirements-dev.txt"),
        ],
        check=True,
    )
    common.VAR.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)


def child(script: str, *args, database_url: str, env: dict | None = None, capture: bool = True) -> str:
    done = subprocess.run(
        [str(common.PYTHON), str(common.BENCH / script), *map(str, args)],
        env=common.django_env(database_url, **(env or {})),
        cwd=common.ROOT,
        capture_output=capture,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{script} {' '.join(map(str, args))} failed:\n{(done.stderr or '')[-4000:]}")
    return done.stdout if capture else ""


def manage(database_url: str, *args) -> None:
    subprocess.run(
        [str(common.PYTHON), "manage.py", *args],
        env=common.django_env(database_url),
        cwd=common.ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def loadavg() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []


def busy_elsewhere() -> list[str]:
    """Other processes using the CPU right now (the machine is shared): their commands."""
    done = subprocess.run(["ps", "-eo", "pcpu,args", "--sort=-pcpu"], capture_output=True, text=True)
    lines = []
    for line in done.stdout.splitlines()[1:8]:
        cpu, _, command = line.strip().partition(" ")
        if float(cpu or 0) >= 20 and "bench/" not in command and "ps -eo" not in command:
            lines.append(f"{cpu}% {command[:100]}")
    return lines


# --- The importer -------------------------------------------------------------------------------


def importer_phase(rows: int = 1000, base_size: int = 10_000) -> dict:
    """The speed of `cases.importer.import_cases_csv` on each database: `rows` new cases imported
    into a scratch copy of the 10k database, which is then deleted."""
    import shutil

    out = {}
    for backend in common.BACKENDS:
        if backend == "sqlite":
            source = common.sqlite_path(base_size)
            if not source.exists():
                continue
            scratch = common.VAR / "scratch-import.sqlite3"
            shutil.copyfile(source, scratch)
            url = f"sqlite:///{scratch}"
        else:
            name = f"{common.PG_PREFIX}_scratch"
            _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            _psql(f'CREATE DATABASE "{name}" TEMPLATE "{common.pg_name(base_size)}"')
            url = common.pg_url(name)
        try:
            done = subprocess.run(
                [str(common.PYTHON), str(common.BENCH / "generate.py"), "--measure-importer", str(rows)],
                env=common.django_env(url),
                cwd=common.ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            out[backend] = json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            if backend == "sqlite":
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{scratch}{suffix}").unlink(missing_ok=True)
            else:
                _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        common.log(f"  importer on {backend}: {out[backend]}")
    return out


# --- Server-side ------------------------------------------------------------------------------


def plan_for(backend: str, size: int) -> dict:
    out = child("server_side.py", "scenarios", size, database_url=common.database_url(backend, size))
    plan = json.loads(out.strip().splitlines()[-1])
    for kind in ("search", "facets"):
        for item in plan[kind]:
            item["params"] = [tuple(pair) for pair in item["params"]]
    return plan


def server_side(backend: str, size: int, plan: dict, scale: float) -> dict:
    plan_path = common.VAR / f"plan-{backend}-{common.label(size)}.json"
    out_path = common.VAR / f"server-{backend}-{common.label(size)}.json"
    common.write_json(plan_path, plan)
    child(
        "server_side.py",
        "measure",
        size,
        plan_path,
        out_path,
        database_url=common.database_url(backend, size),
        env={"EXPORT_MAX_ROWS": 10000, "BENCH_REPEAT_SCALE": scale},
        capture=False,
    )
    return common.read_json(out_path)


# --- Through HTTP -----------------------------------------------------------------------------


SERVER_LIMIT_MS = 10_000  # bench/server_side.py CALL_LIMIT_S
HTTP_LIMIT_S = 10  # a request slower than this is reported as over the limit, not waited for


def _sequential(urls: list[str]) -> dict:
    """Latency of each URL in turn. The first is a probe: if it takes more than HTTP_LIMIT_S (or
    fails), the series stops there, reported as over the limit, and gunicorn's worker timeout
    (30 s, its default) is left to end the stuck request before anything else is measured."""
    import load

    probe = asyncio.run(load.sequential([load.get(urls[0])], warmup=0, timeout=HTTP_LIMIT_S))
    outcome = probe.outcomes[0]
    if outcome.error or outcome.ms > HTTP_LIMIT_S * 1000:
        time.sleep(22)  # until gunicorn's 30 s timeout has ended the abandoned request
        return {**common.percentiles([float("inf")]), "statuses": probe.statuses()}
    run = asyncio.run(load.sequential([load.get(u) for u in urls], warmup=1, timeout=120))
    # The probe is the first request of the URL: on a list, the one that fills the app's
    # per-version caches (cases/facet_index.py); reported beside the percentiles, not in them.
    return {**common.percentiles(run.latencies), "statuses": run.statuses(), "first_ms": round(outcome.ms, 2)}


def _api_count(url: str) -> int | None:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=HTTP_LIMIT_S) as response:  # noqa: S310 - loopback only
            body = json.loads(response.read())
    except OSError:
        time.sleep(22)
        return None
    return body.get("count", body.get("filtered_table_rows_count"))


def http_reads(backend: str, size: int, plan: dict, repeats: int, env: dict | None = None) -> dict:
    import load
    import servers

    log = common.VAR / "logs" / f"gunicorn-{backend}-{common.label(size)}.log"
    # Persistent connections, as production runs by default (DATABASE_CONN_MAX_AGE).
    extra = {"EXPORT_MAX_ROWS": 10000, "DATABASE_CONN_MAX_AGE": 60, **(env or {})}
    out = {"search": {}, "facets": {}, "pages": {}, "workers": os.cpu_count()}
    with servers.gunicorn(common.database_url(backend, size), extra_env=extra, log=log) as (base, process):
        for kind in ("search", "facets"):
            for item in plan[kind]:
                params = item["params"]
                html = f"{base}/cases/?{urlencode(params)}"
                api = f"{base}/api/v1/cases?{urlencode([*params, ('facets', '1'), ('limit', '25')])}"
                api_date = f"{base}/api/v1/cases?{urlencode([*params, ('sort', '-date'), ('facets', '1'), ('limit', '25')])}"
                # Three times the repeats, so that a p95 is not simply the slowest sample (of 15,
                # the nearest-rank p95 is the maximum); the maximum is recorded beside it.
                samples = 3 * repeats
                entry = {
                    "params": params,
                    "html_ms": _sequential([html] * samples),
                    "api_ms": _sequential([api] * samples),
                }
                entry["count"] = None if entry["api_ms"].get("over_limit") else _api_count(api)
                if kind == "search":
                    entry["api_by_date_ms"] = _sequential([api_date] * samples)
                out[kind][item["name"]] = entry
                common.log(
                    f"  http {backend} {kind} {item['name']!r}: page p95 {entry['html_ms']['p95']} ms, "
                    f"api p95 {entry['api_ms']['p95']} ms"
                )
        cases = plan["cases"][: max(20, repeats * 4)]
        out["pages"]["case page"] = _sequential([f"{base}/cases/{c}/" for c in cases])
        out["pages"]["csv export (10,000 rows)"] = _sequential([f"{base}/cases.csv"] * max(3, repeats // 6))
        # Its first request (first_ms) builds the charts kept until the data changes.
        out["pages"]["analysis page"] = _sequential([f"{base}/analysis/"] * max(5, repeats // 3))
        for name, page in out["pages"].items():
            common.log(f"  http {backend} {name}: p50 {page['p50']} ms, p95 {page['p95']} ms")
        # Throughput of the list filtered by one country, with as many clients as workers x 2.
        url = f"{base}/cases/?{urlencode(plan['facets'][1]['params'])}"
        run = asyncio.run(
            load.closed_loop(
                lambda n: load.get(url), concurrency=2 * out["workers"], seconds=10, max_requests=5000
            )
        )
        out["list_page_throughput"] = {
            "requests_per_s": round(run.rate, 1),
            "concurrency": 2 * out["workers"],
            **common.percentiles(run.latencies),
            "statuses": run.statuses(),
        }
        out["worker_memory"] = servers.worker_memory(process)
    return out


# --- Datasette --------------------------------------------------------------------------------

DATASETTE_FACETS = [
    ("_facet", "country_iso2"),
    ("_facet", "region"),
    ("_facet_array", "report_years"),
    ("_facet_array", "mechanisms"),
    ("_facet_array", "reprisal_types"),
    ("_facet_array", "victim_roles"),
    ("_facet_array", "victim_genders"),
    ("_facet", "status"),
    ("_facet", "perpetrator_kind"),
]
DATASETTE_FILTERS = {
    "q": "_search",
    "country": "country_iso2",
    "region": "region",
    "status": "status",
    "perpetrator": "perpetrator_kind",
    "year": "report_years__arraycontains",
    "mechanism": "mechanisms__arraycontains",
    "type": "reprisal_types__arraycontains",
    "role": "victim_roles__arraycontains",
    "gender": "victim_genders__arraycontains",
}


def datasette_params(params) -> list:
    """Our query as Datasette's: the same filters, every facet, 25 rows, newest incident first."""
    return [
        *[(DATASETTE_FILTERS[k], v) for k, v in params],
        *DATASETTE_FACETS,
        ("_size", "25"),
        ("_sort_desc", "incident_date"),
    ]


def datasette_side(size: int, plan: dict, repeats: int) -> dict:
    import servers

    folder = common.VAR / f"datasette-{common.label(size)}"
    path = folder / "cases.db"
    marker = common.read_json(folder / "marker.json", {})
    # The copy is rebuilt when the SQLite database was rebuilt (its generation marker changed);
    # the file's mtime moves with every WAL checkpoint, so it cannot tell.
    built = (common.read_json(common.marker_path("sqlite", size), {}) or {}).get("created")
    if not path.exists() or marker.get("source_created") != built:
        folder.mkdir(parents=True, exist_ok=True)
        common.log(f"exporting the public cases of sqlite {common.label(size)} for Datasette")
        out = child(
            "server_side.py", "datasette", size, path, database_url=common.database_url("sqlite", size)
        )
        marker = {**json.loads(out.strip().splitlines()[-1]), "source_created": built}
        common.write_json(folder / "marker.json", marker)
    result = {"export": marker, "search": {}, "facets": {}}
    log = common.VAR / "logs" / "datasette.log"
    with servers.datasette(path, log=log) as (base, _process):
        for kind in ("search", "facets"):
            for item in plan[kind]:
                url = f"{base}/cases/cases.json?{urlencode(datasette_params(item['params']))}"
                timing = _sequential([url] * repeats)
                result[kind][item["name"]] = {
                    "url": url.replace(base, ""),
                    "ms": timing,
                    "count": _api_count(url),
                }
                common.log(
                    f"  datasette {kind} {item['name']!r}: p50 {timing['p50']} ms, p95 {timing['p95']} ms"
                )
    return result


def compare(http: dict, datasette: dict) -> dict:
    """Per query: our time / Datasette's (p50 and p95), and the speed-up (theirs / ours)."""
    rows = []
    for backend, ours in http.items():
        for kind in ("search", "facets"):
            for name, theirs in datasette[kind].items():
                mine = ours[kind].get(name)
                if not mine:
                    continue
                our_timing = dict(mine["api_by_date_ms"] if kind == "search" else mine["api_ms"])
                their_timing = dict(theirs["ms"])
                ours_over, theirs_over = (
                    bool(our_timing.get("over_limit")),
                    bool(their_timing.get("over_limit")),
                )
                if ours_over and theirs_over:
                    continue  # both over the limit: no ratio
                # A side over the limit counts as the limit: the ratio is then a bound, flagged.
                for timing, over in ((our_timing, ours_over), (their_timing, theirs_over)):
                    if over:
                        timing["p50"] = timing["p95"] = HTTP_LIMIT_S * 1000
                ratio50 = our_timing["p50"] / their_timing["p50"]
                ratio95 = our_timing["p95"] / their_timing["p95"]
                rows.append(
                    {
                        "backend": backend,
                        "kind": kind,
                        "query": name,
                        "ours_p50_ms": our_timing["p50"],
                        "ours_p95_ms": our_timing["p95"],
                        "datasette_p50_ms": their_timing["p50"],
                        "datasette_p95_ms": their_timing["p95"],
                        "ours_over_datasette_p50": round(ratio50, 2),
                        "ours_over_datasette_p95": round(ratio95, 2),
                        "speedup_p50": round(1 / ratio50, 2),
                        "speedup_p95": round(1 / ratio95, 2),
                        "ours_over_limit": ours_over,
                        "datasette_over_limit": theirs_over,
                        "ours_count": mine.get("count"),
                        "datasette_count": theirs.get("count"),
                    }
                )
    return {
        "rows": rows,
        "min_speedup": min((r["speedup_p50"] for r in rows), default=None),
        "min_speedup_p95": min((r["speedup_p95"] for r in rows), default=None),
    }


# --- Campaign surge ---------------------------------------------------------------------------


def _psql(sql: str) -> None:
    subprocess.run(
        [
            "psql",
            "-h",
            common.PG_HOST,
            "-p",
            common.PG_PORT,
            "-U",
            common.PG_USER,
            "-d",
            "postgres",
            "-qc",
            sql,
        ],
        check=True,
        capture_output=True,
    )


def surge_database() -> tuple[str, dict]:
    name = f"{common.PG_PREFIX}_surge"
    _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{name}"')
    url = common.pg_url(name)
    manage(url, "migrate", "--noinput")
    plan = json.loads(child("surge.py", "prepare", database_url=url).strip().splitlines()[-1])
    return url, plan


def _verify(url: str, runs: list, tag: str) -> dict:
    import surge

    acked = {"signatures": set(), "actions": set()}
    for run in runs:
        for kind, emails in surge.acknowledged(run).items():
            acked[kind].update(emails)
    path = common.VAR / f"acked-{tag}.json"
    common.write_json(path, {k: sorted(v) for k, v in acked.items()})
    return json.loads(child("surge.py", "verify", path, database_url=url).strip().splitlines()[-1])


def _summary(run, kind_prefix: str | None = None) -> dict:
    outcomes = [o for o in run.outcomes if kind_prefix is None or o.tag.startswith(kind_prefix)]
    latencies = [o.ms for o in outcomes if not o.error]
    statuses = {}
    for o in outcomes:
        key = o.error or str(o.status)
        statuses[key] = statuses.get(key, 0) + 1
    return {
        "requests": len(outcomes),
        "per_s": round(len(outcomes) / run.seconds, 1),
        **common.percentiles(latencies),
        "statuses": statuses,
        "client_cpu_s": round(run.client_cpu_seconds, 1),
        "seconds": round(run.seconds, 1),
    }


def surge_phase(seconds: float) -> dict:
    import load
    import servers
    import surge

    url, plan = surge_database()
    result = {"plan": {k: v for k, v in plan.items() if k != "template_letter"}, "variants": {}}
    # (label, environment, gunicorn options). The threaded variant asks whether a signature's
    # time is spent waiting (threads would overlap it) or computing (the GIL would not).
    variants = [
        ("as deployed (DATABASE_CONN_MAX_AGE=60, the production default)", {"DATABASE_CONN_MAX_AGE": 60}, {}),
        ("a new connection per request (DATABASE_CONN_MAX_AGE=0)", {"DATABASE_CONN_MAX_AGE": 0}, {}),
        (
            "4 threads per worker (gthread, DATABASE_CONN_MAX_AGE=60)",
            {"DATABASE_CONN_MAX_AGE": 60},
            {"worker_class": "gthread", "threads": 4},
        ),
    ]
    for number, (label, env, options) in enumerate(variants):
        common.log(f"surge: {label}")
        log = common.VAR / "logs" / "gunicorn-surge.log"
        with servers.gunicorn(url, extra_env=env, log=log, **options) as (base, process):
            trivial = asyncio.run(
                load.closed_loop(lambda n, b=base: load.get(f"{b}/api/v1/"), CONCURRENCY, seconds, 100_000)
            )
            run_id = f"{int(time.time())}v{number}"
            signing = asyncio.run(
                load.closed_loop(surge.SurgeTraffic([base], plan, f"{run_id}s"), CONCURRENCY, seconds, 50_000)
            )
            mixed = asyncio.run(
                load.closed_loop(
                    surge.SurgeTraffic([base], plan, f"{run_id}m", action_share=0.2),
                    CONCURRENCY,
                    seconds,
                    50_000,
                )
            )
            memory = servers.worker_memory(process)
        counts = _verify(url, [signing, mixed], run_id)
        entry = {
            "trivial_view": {"url": "/api/v1/", **_summary(trivial)},
            "signatures": _summary(signing),
            "mixed_signatures": _summary(mixed, "signature:"),
            "mixed_actions": _summary(mixed, "action:"),
            "verification": counts,
            "worker_memory": memory,
        }
        result["variants"][label] = entry
        common.log(
            f"  trivial {entry['trivial_view']['per_s']}/s; signing {entry['signatures']['per_s']}/s p99 "
            f"{entry['signatures']['p99']} ms; verification {counts}"
        )
    result["database_url"] = url
    result["plan_full"] = plan
    return result


# --- Beyond one machine -------------------------------------------------------------------------


def scale_out_phase(surge_result: dict, seconds: float, plan_pg: dict | None, repeats: int) -> dict:
    import load
    import servers
    import surge

    url = surge_result["database_url"]
    plan = surge_result["plan_full"]
    out = {}
    common.log("scale-out: two app servers (one worker each), round robin from the client")
    with (
        servers.gunicorn(url, workers=1) as (a, _pa),
        servers.gunicorn(url, workers=1) as (b, _pb),
    ):
        run_id = f"{int(time.time())}r"
        run = asyncio.run(
            load.closed_loop(surge.SurgeTraffic([a, b], plan, run_id), CONCURRENCY, seconds, 50_000)
        )
    out["two_app_servers"] = {"signatures": _summary(run), "verification": _verify(url, [run], run_id)}
    common.log(
        f"  {out['two_app_servers']['signatures']['per_s']}/s, {out['two_app_servers']['verification']}"
    )
    out["mail_workers"] = mail_workers(url)
    if plan_pg:
        out["read_replica"] = read_replica(plan_pg, repeats)
    return out


def mail_workers(url: str, tasks_per_worker: int = 300) -> dict:
    """Confirmation e-mails queued by the surge, delivered by `manage.py db_worker` to a local
    SMTP sink: one worker, then two on the same queue. Counts every recipient at the sink."""
    import servers

    result = {}
    for workers in (1, 2):
        port = servers.free_port()
        sink_out = common.VAR / f"smtp-sink-{workers}.json"
        sink = subprocess.Popen(
            [str(common.PYTHON), str(common.BENCH / "smtp_sink.py"), str(port), str(sink_out)],
            stdout=subprocess.PIPE,
            text=True,
        )
        sink.stdout.readline()
        env = common.django_env(url, BENCH_SMTP_PORT=port)
        command = [
            str(common.PYTHON),
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--batch",
            "--no-startup-delay",
            "--max-tasks",
            str(tasks_per_worker),
            "--no-reload",
            "-v",
            "0",
        ]
        started = time.perf_counter()
        procs = [
            subprocess.Popen(
                [*command, "--worker-id", f"bench-{workers}-{i}"],
                env=env,
                cwd=common.ROOT,
                stdout=subprocess.DEVNULL,
            )
            for i in range(workers)
        ]
        codes = [p.wait() for p in procs]
        seconds = time.perf_counter() - started
        servers.stop(sink)
        counts = common.read_json(sink_out, {})
        result[f"{workers} worker(s)"] = {
            "exit_codes": codes,
            "tasks": tasks_per_worker * workers,
            "seconds": round(seconds, 2),
            "emails_per_s": round(counts.get("messages", 0) / seconds, 1) if seconds else None,
            "sink": counts,
        }
        common.log(f"  mail: {workers} worker(s): {result[f'{workers} worker(s)']}")
    return result


def read_replica(plan: dict, repeats: int) -> dict:
    """Reads through a second connection ("replica", same PostgreSQL database) by a router, as a
    read replica would be wired in; and whether the facet time limit still applies."""
    import servers

    size = HEADLINE_SIZE
    database = common.database_url("postgres", size)
    out = {}
    for label, env in (("one connection", {}), ("reads on a replica connection", {"BENCH_READ_REPLICA": 1})):
        timings = {}
        with servers.gunicorn(database, extra_env=env) as (base, _p):
            for item in plan["facets"][:3] + plan["search"][:2]:
                url = f"{base}/api/v1/cases?{urlencode([*item['params'], ('facets', '1'), ('limit', '25')])}"
                timings[item["name"]] = _sequential([url] * max(5, repeats // 2))["p50"]
        with servers.gunicorn(database, extra_env={**env, "FACET_TIME_LIMIT_MS": 1}) as (base, _p):
            import urllib.request

            url = f"{base}/api/v1/cases?facets=1&limit=1"
            with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - loopback only
                facets = json.loads(response.read())["facets"]
        out[label] = {
            "p50_ms": timings,
            "facets_timed_out_with_1ms_limit": sum(1 for f in facets.values() if f["timed_out"]),
        }
        common.log(f"  replica: {label}: {out[label]}")
    return out


# --- Ingestion, memory at a million ---------------------------------------------------------------


def ingest_phase() -> dict:
    out = {}
    scratch = common.VAR / "ingest.sqlite3"
    url = f"sqlite:///{scratch}"
    tool = common.BENCH / "ingest.py"
    if tool.exists():
        target = common.VAR / "ingest.json"
        done = subprocess.run(
            [str(common.PYTHON), str(tool), "--output", str(target), "--quiet"],
            env=common.django_env(url),
            cwd=common.ROOT,
            capture_output=True,
            text=True,
        )
        result = common.read_json(target) if done.returncode == 0 else None
        source = "bench/ingest.py (the ingest app's tool), run now"
        if result is None:
            result = common.read_json(common.RESULTS / "ingest.json")
            source = "bench/results/ingest.json (the ingest app's last run; running its tool failed here)"
            out["tool_error"] = done.stderr[-2000:]
        if result:
            out["gold_set"] = {
                "source": source,
                "pages": result.get("pages"),
                "seconds": result.get("seconds"),
                "pages_per_s": result.get("pages_per_s"),
                "on_target": result.get("on_target"),
            }
    try:
        out["long_report"] = json.loads(
            child("ingest_long.py", "120", database_url=url).strip().splitlines()[-1]
        )
    except SystemExit as exc:
        out["long_report_error"] = str(exc)[-2000:]
    common.log(f"  ingest: {out}")
    return out


def worker_memory_phase(backend: str, size: int, plan: dict | None = None) -> dict:
    """Resident memory of the app server's workers on a built database: idle, then after its
    list queries, case pages and a 10,000-row download, each twice. The database need not be
    complete: `cases` is what it holds."""
    import load
    import servers

    url = common.database_url(backend, size)
    plan = plan or plan_for(backend, size)
    with servers.gunicorn(url, extra_env={"EXPORT_MAX_ROWS": 10000}) as (base, process):
        idle = servers.worker_memory(process)
        urls = [f"{base}/cases/?{urlencode(i['params'])}" for i in plan["search"] + plan["facets"]]
        urls += [f"{base}/cases/{c}/" for c in plan["cases"][:20]] + [f"{base}/cases.csv"]
        run = asyncio.run(load.sequential([load.get(u) for u in urls * 2], warmup=0))
        out = {
            "cases": plan.get("case_count"),
            "worker_memory": {"idle": idle, "after_requests": servers.worker_memory(process)},
            "requests": {**common.percentiles(run.latencies), "statuses": run.statuses()},
        }
    common.log(f"  worker memory, {backend} {common.label(size)}: {out}")
    return out


def admin_lists(backend: str, size: int, repeats: int) -> dict:
    """The curators' admin lists and pages, in-process (bench/admin_lists.py)."""
    out_path = common.VAR / f"admin-{backend}-{common.label(size)}.json"
    child("admin_lists.py", out_path, repeats, database_url=common.database_url(backend, size), capture=False)
    return common.read_json(out_path)


def million_phase(plan_scale: float, backends: list[str]) -> dict:
    import generate

    size = 1_000_000
    out = {"generation": generate.ensure([size], backends)}
    for backend in backends:
        manage(common.database_url(backend, size), "migrate", "--noinput")  # as for every size
        plan = plan_for(backend, size)
        out[backend] = {
            "server_side": server_side(backend, size, plan, plan_scale),
            **worker_memory_phase(backend, size, plan),
            "admin": admin_lists(backend, size, 3),
        }
    return out


# --- Results ------------------------------------------------------------------------------------


def _worst(entries: dict, field: str, limit_ms: float | None = None, key: str = "p95") -> float | None:
    """The largest p95 (or other `key`) among the queries; a query stopped at the time limit
    counts as the limit (the true figure is higher: see the *_over_limit keys)."""
    values = []
    for entry in entries.values():
        timing = entry.get(field) or {}
        if timing.get("over_limit"):
            values.append(limit_ms or HTTP_LIMIT_S * 1000)
        elif timing.get(key) is not None:
            values.append(timing[key])
    return max(values) if values else None


def _over_limit(entries: dict, field: str) -> list[str]:
    return [name for name, entry in entries.items() if (entry.get(field) or {}).get("over_limit")]


def _max_rss_mib(memory: list[dict]) -> float | None:
    values = [m.get("peak_rss_kib") or m.get("rss_kib") or 0 for m in memory or []]
    return round(max(values) / 1024, 1) if values else None


def _rank(ms: dict) -> float:
    return float("inf") if ms.get("over_limit") else (ms.get("p95") or 0)


def _admin_pages(measured: dict) -> dict[str, dict]:
    """Per admin page, the timing of its slower user (administrator or curator: their
    visibility conditions differ)."""
    pages: dict[str, dict] = {}
    for timings in (measured.get("users") or {}).values():
        for name, entry in timings.items():
            known = pages.get(name)
            pages[name] = entry["ms"] if known is None or _rank(entry["ms"]) > _rank(known) else known
    return pages


def _admin_worst(measured: dict) -> float | None:
    values = [
        SERVER_LIMIT_MS if ms.get("over_limit") else ms.get("p95") for ms in _admin_pages(measured).values()
    ]
    return max((v for v in values if v is not None), default=None)


def summarise(results: dict) -> dict:
    size = common.label(HEADLINE_SIZE)
    http = results.get("http", {})
    server = results.get("server", {})
    summary = {"machine": common.machine(), "date": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    for backend in common.BACKENDS:
        h = http.get(f"{backend}_{size}", {})
        s = server.get(f"{backend}_{size}", {})
        summary[f"search_p95_ms_{size}_{backend}"] = _worst(h.get("search", {}), "html_ms")
        summary[f"facets_p95_ms_{size}_{backend}"] = _worst(h.get("facets", {}), "html_ms")
        summary[f"search_api_p95_ms_{size}_{backend}"] = _worst(h.get("search", {}), "api_ms")
        # The slowest first request of a query (cold caches), outside the percentiles.
        summary[f"search_first_ms_{size}_{backend}"] = _worst(h.get("search", {}), "html_ms", key="first_ms")
        summary[f"facets_first_ms_{size}_{backend}"] = _worst(h.get("facets", {}), "html_ms", key="first_ms")
        summary[f"search_service_p95_ms_{size}_{backend}"] = _worst(
            s.get("search", {}), "service_ms", SERVER_LIMIT_MS
        )
        summary[f"facets_service_p95_ms_{size}_{backend}"] = _worst(s.get("facets", {}), "facets_ms")
        over = {
            "search page": _over_limit(h.get("search", {}), "html_ms"),
            "facets page": _over_limit(h.get("facets", {}), "html_ms"),
            "search service": _over_limit(s.get("search", {}), "service_ms"),
        }
        summary[f"over_limit_{size}_{backend}"] = {k: v for k, v in over.items() if v}
        pages = h.get("pages", {})
        summary[f"case_page_p95_ms_{size}_{backend}"] = pages.get("case page", {}).get("p95")
        summary[f"csv_export_10k_p95_ms_{size}_{backend}"] = pages.get("csv export (10,000 rows)", {}).get(
            "p95"
        )
        summary[f"analysis_p95_ms_{size}_{backend}"] = pages.get("analysis page", {}).get("p95")
        summary[f"analysis_first_ms_{size}_{backend}"] = pages.get("analysis page", {}).get("first_ms")
        summary[f"worker_rss_mib_{size}_{backend}"] = _max_rss_mib(h.get("worker_memory"))
        # In-process: the list with facets right after a write to one case (bench/server_side.py).
        summary[f"first_request_after_write_ms_{size}_{backend}"] = (
            s.get("pages", {}).get("list after a write", {}).get("ms", {}).get("p95")
        )
    comparison = results.get("datasette_comparison", {})
    summary["min_speedup_vs_datasette"] = comparison.get("min_speedup")
    summary["min_speedup_vs_datasette_p95"] = comparison.get("min_speedup_p95")
    surge = results.get("surge", {}).get("variants", {})
    deployed = next(iter(surge.values()), None)
    if deployed:
        summary["trivial_view_per_s"] = deployed["trivial_view"]["per_s"]
        summary["signatures_per_s"] = deployed["signatures"]["per_s"]
        summary["signatures_p99_ms"] = deployed["signatures"]["p99"]
        verification = deployed["verification"]
        summary["signatures_lost"] = verification["signatures"]["lost"] + verification["actions"]["lost"]
        summary["signatures_duplicated"] = (
            verification["signatures"]["duplicated"] + verification["actions"]["duplicated"]
        )
        summary["signing_share_of_trivial"] = round(
            deployed["signatures"]["per_s"] / deployed["trivial_view"]["per_s"], 2
        )
        summary["email_actions_per_s_mixed"] = deployed["mixed_actions"]["per_s"]
        summary["email_actions_p99_ms_mixed"] = deployed["mixed_actions"]["p99"]
        per_request = list(surge.values())[1] if len(surge) > 1 else None
        if per_request:
            summary["signatures_per_s_connection_per_request"] = per_request["signatures"]["per_s"]
            summary["signatures_p99_ms_connection_per_request"] = per_request["signatures"]["p99"]
    for backend, value in (results.get("importer") or {}).items():
        summary[f"importer_cases_per_s_{backend}"] = value.get("cases_per_s")
    ingest = results.get("ingest", {})
    summary["ingest_pages_per_s"] = (ingest.get("gold_set") or {}).get("pages_per_s")
    long_report = ingest.get("long_report") or {}
    summary["ingest_long_report_pages"] = long_report.get("pages")
    summary["ingest_long_report_pages_per_s"] = long_report.get("pages_per_s")
    summary["ingest_long_report_peak_rss_mib"] = long_report.get("peak_rss_mib")
    million = results.get("million", {})
    for backend in common.BACKENDS:
        memory = (million.get(backend) or {}).get("worker_memory", {}).get("after_requests")
        summary[f"worker_rss_mib_1m_{backend}"] = _max_rss_mib(memory)
    admin = {**results.get("admin", {})}
    admin.update(
        {f"{b}_1m": m["admin"] for b, m in million.items() if isinstance(m, dict) and m.get("admin")}
    )
    for key, value in admin.items():
        summary[f"admin_worst_p95_ms_{key.split('_')[1]}_{key.split('_')[0]}"] = _admin_worst(value)
    # --memory-of: a database of another size, or one whose build was stopped (its case count).
    for name, value in (results.get("worker_memory_of") or {}).items():
        after = value.get("worker_memory", {}).get("after_requests")
        summary[f"worker_rss_mib_at_{value.get('cases')}_cases_{name.split('_')[0]}"] = _max_rss_mib(after)
    summary["targets"] = targets(summary)
    summary["background_load"] = results.get("background_load")
    return summary


def targets(s: dict) -> dict:
    size = common.label(HEADLINE_SIZE)

    def at_most(value, limit):
        return None if value is None else value <= limit

    out = {}
    for backend in common.BACKENDS:
        out[f"search p95 ≤ {TARGET_P95_MS} ms ({size}, {backend})"] = at_most(
            s.get(f"search_p95_ms_{size}_{backend}"), TARGET_P95_MS
        )
        out[f"faceted filtering p95 ≤ {TARGET_P95_MS} ms ({size}, {backend})"] = at_most(
            s.get(f"facets_p95_ms_{size}_{backend}"), TARGET_P95_MS
        )
        out[f"first request after a write p95 ≤ {TARGET_AFTER_WRITE_MS} ms ({size}, {backend})"] = at_most(
            s.get(f"first_request_after_write_ms_{size}_{backend}"), TARGET_AFTER_WRITE_MS
        )
    speedup = s.get("min_speedup_vs_datasette")
    out["no slower than Datasette on any query"] = None if speedup is None else speedup >= 1
    if s.get("signatures_per_s") is not None:
        out["signing ≥ 50 % of the trivial view"] = s["signing_share_of_trivial"] >= TARGET_SIGNING_SHARE
        out[f"signing p99 ≤ {TARGET_SIGNING_P99_MS} ms"] = s["signatures_p99_ms"] <= TARGET_SIGNING_P99_MS
        out["no signature lost or duplicated"] = s["signatures_lost"] == 0 and s["signatures_duplicated"] == 0
    return out


def _phases_by_run(measured: dict) -> dict:
    """{(date, cpu model): [phases]}, latest run first."""
    runs = {}
    for phase, stamp in measured.items():
        runs.setdefault((stamp["date"], stamp["cpu_model"]), []).append(phase)
    return dict(sorted(runs.items(), reverse=True))


def _ms_cell(fmt, ms: dict | None) -> str:
    if not ms:
        return "—"
    return f"> {SERVER_LIMIT_MS:,} ms" if ms.get("over_limit") else fmt(ms.get("p95"), " ms")


def _first(page: dict | None) -> dict | None:
    """A page's first request, shaped like a timing (runs before it was recorded have none)."""
    return {"p95": page["first_ms"]} if page and page.get("first_ms") is not None else None


def _million_lines(million: dict, fmt) -> list[str]:
    """p95 at a million cases, in-process (server_side.py), per database measured."""
    measured = [b for b in common.BACKENDS if (million.get(b) or {}).get("server_side")]
    if not measured:
        return []
    sides = {b: million[b]["server_side"] for b in measured}

    def worst(b, group, field):
        entries = sides[b].get(group, {}).values()
        return max((e.get(field) or {} for e in entries), key=_rank, default=None)

    rows = [
        ("search service, worst query (results only)", lambda b: worst(b, "search", "service_ms")),
        ("facet counts, worst query (all 9)", lambda b: worst(b, "facets", "facets_ms")),
        *(
            (f"{name} (test client)", lambda b, name=name: (sides[b]["pages"].get(name) or {}).get("ms"))
            for name in ("list, search", "list, facets", "case page", "csv export", "analysis page")
        ),
        (
            "analysis page, first request (builds the kept charts)",
            lambda b: _first(sides[b]["pages"].get("analysis page")),
        ),
    ]
    names = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
    lines = [
        "## At 1,000,000 cases (in-process, p95)",
        "",
        "| figure | " + " | ".join(names[b] for b in measured) + " |",
        "| --- |" + " ---: |" * len(measured),
    ]
    for title, get in rows:
        lines.append(f"| {title} | " + " | ".join(_ms_cell(fmt, get(b)) for b in measured) + " |")
    return [*lines, ""]


def _admin_lines(results: dict, fmt) -> list[str]:
    """The curators' admin pages (admin_lists.py) at each size measured, p95 of the slower user."""
    measured = dict(results.get("admin") or {})
    for backend, value in (results.get("million") or {}).items():
        if isinstance(value, dict) and value.get("admin"):
            measured[f"{backend}_1m"] = value["admin"]
    if not measured:
        return []
    columns = sorted(measured, key=lambda k: (int(measured[k].get("cases") or 0), k))
    pages = {key: _admin_pages(value) for key, value in measured.items()}
    names = list(dict.fromkeys(name for key in columns for name in pages[key]))
    label = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
    lines = [
        "## Curators' back office (admin pages, in-process, p95 of the slower of an administrator and a curator)",
        "",
        "| page | "
        + " | ".join(f"{label[k.split('_')[0]]} {int(measured[k].get('cases') or 0):,}" for k in columns)
        + " |",
        "| --- |" + " ---: |" * len(columns),
    ]
    for name in names:
        lines.append(f"| {name} | " + " | ".join(_ms_cell(fmt, pages[k].get(name)) for k in columns) + " |")
    return [*lines, ""]


def markdown(summary: dict, results: dict) -> str:
    size = common.label(HEADLINE_SIZE)

    def fmt(value, unit=""):
        if value is None:
            return "—"
        if isinstance(value, float):
            value = f"{value:,.1f}" if value >= 10 else f"{value:,.2f}"
        return f"{value}{unit}"

    def met(value):
        return "—" if value is None else ("met" if value else "**missed**")

    t = summary["targets"]
    lines = [
        f"# Benchmarks — {summary['date']}",
        "",
        f"This run's machine: {summary['machine']['cpu_model']}, {summary['machine']['cores']} cores, "
        f"{summary['machine']['memory_gib']} GiB; Python {summary['machine']['python']}. "
        f"Other processes' CPU before each phase (cores, of {summary['machine']['cores']}): "
        + ", ".join(
            f"{phase} {value.get('busy_cores')}"
            for phase, value in (
                (summary.get("background_load") or {}).get("other_processes_before_each_phase") or {}
            ).items()
        )
        + ".",
        "",
        "Each phase's figures come from its latest run: "
        + "; ".join(
            f"{', '.join(phases)}: {date} on {cpu}"
            for (date, cpu), phases in _phases_by_run(summary.get("measured") or {}).items()
        )
        + ".",
        "",
        f"## At {size} cases",
        "",
        "| figure | SQLite | PostgreSQL | target |",
        "| --- | ---: | ---: | --- |",
    ]
    rows = [
        (
            "search page p95, worst query (HTTP)",
            "search_p95_ms",
            " ms",
            f"≤ {TARGET_P95_MS} ms",
            "search p95",
        ),
        (
            "faceted filtering page p95, worst query (HTTP)",
            "facets_p95_ms",
            " ms",
            f"≤ {TARGET_P95_MS} ms",
            "faceted",
        ),
        ("search API p95, worst query (HTTP, with facets)", "search_api_p95_ms", " ms", "", None),
        ("search service p95 (results only, in-process)", "search_service_p95_ms", " ms", "", None),
        ("facet counts p95 (all 9, in-process)", "facets_service_p95_ms", " ms", "", None),
        ("case page p95 (HTTP)", "case_page_p95_ms", " ms", "", None),
        ("CSV export of 10,000 rows p95 (HTTP)", "csv_export_10k_p95_ms", " ms", "", None),
        ("analysis page p95 (HTTP)", "analysis_p95_ms", " ms", "", None),
        ("analysis page, first request (HTTP; builds the kept charts)", "analysis_first_ms", " ms", "", None),
        (
            "list with facets right after a write p95 (in-process)",
            "first_request_after_write_ms",
            " ms",
            "",
            None,
        ),
        ("worker peak RSS after the run", "worker_rss_mib", " MiB", "", None),
    ]
    for title, key, unit, target, target_key in rows:
        values = [summary.get(f"{key}_{size}_{b}") for b in common.BACKENDS]
        status = ""
        if target_key:
            statuses = [v for k, v in t.items() if k.startswith(target_key)]
            status = f"{target}: " + ", ".join(met(v) for v in statuses)
        over_key = {"search_p95_ms": "search page", "facets_p95_ms": "facets page"}.get(key)
        if key == "search_service_p95_ms":
            over_key = "search service"
        cells = []
        for backend, value in zip(common.BACKENDS, values, strict=True):
            over = over_key and summary.get(f"over_limit_{size}_{backend}", {}).get(over_key)
            cells.append(("> " if over else "") + fmt(value, unit))
        lines.append(f"| {title} | {cells[0]} | {cells[1]} | {status} |")
    lines += [
        "",
        "## Side by side with Datasette (same public cases, same filters, all 9 facets, 25 rows)",
        "",
        "| query | DB | ours p50 | Datasette p50 | ours ÷ Datasette | ours p95 | Datasette p95 |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results.get("datasette_comparison", {}).get("rows", []):
        ours_mark = "> " if r.get("ours_over_limit") else ""
        theirs_mark = "> " if r.get("datasette_over_limit") else ""
        ratio_mark = "> " if ours_mark else ("< " if theirs_mark else "")
        lines.append(
            f"| {r['kind']}: {r['query']} | {r['backend']} | {ours_mark}{fmt(r['ours_p50_ms'])} ms | "
            f"{theirs_mark}{fmt(r['datasette_p50_ms'])} ms | {ratio_mark}{fmt(r['ours_over_datasette_p50'])} | "
            f"{ours_mark}{fmt(r['ours_p95_ms'])} ms | {theirs_mark}{fmt(r['datasette_p95_ms'])} ms |"
        )
    lines += [
        "",
        f"Smallest speed-up (Datasette time ÷ ours, p50): **{fmt(summary.get('min_speedup_vs_datasette'))}** "
        f"(≥ 1 means we are faster on every query) — {met(t.get('no slower than Datasette on any query'))}.",
        "",
        "## Campaign surge (PostgreSQL, gunicorn, one sync worker per core, "
        f"{CONCURRENCY} concurrent clients on loopback)",
        "",
        "| figure | value | target |",
        "| --- | ---: | --- |",
        f"| trivial view (/api/v1/) | {fmt(summary.get('trivial_view_per_s'), ' req/s')} | ceiling |",
        f"| petition signatures | {fmt(summary.get('signatures_per_s'), '/s')} "
        f"({fmt(summary.get('signing_share_of_trivial'))} of ceiling) | ≥ 0.5: {met(t.get('signing ≥ 50 % of the trivial view'))} |",
        f"| signing p99 | {fmt(summary.get('signatures_p99_ms'), ' ms')} | ≤ {TARGET_SIGNING_P99_MS} ms: "
        f"{met(t.get(f'signing p99 ≤ {TARGET_SIGNING_P99_MS} ms'))} |",
        f"| lost / duplicated (signatures and letters) | {fmt(summary.get('signatures_lost'))} / "
        f"{fmt(summary.get('signatures_duplicated'))} | 0 / 0: {met(t.get('no signature lost or duplicated'))} |",
        f"| e-mail actions in the mixed run | {fmt(summary.get('email_actions_per_s_mixed'), '/s')}, p99 "
        f"{fmt(summary.get('email_actions_p99_ms_mixed'), ' ms')} | |",
        f"| signatures with a new DB connection per request | {fmt(summary.get('signatures_per_s_connection_per_request'), '/s')}, "
        f"p99 {fmt(summary.get('signatures_p99_ms_connection_per_request'), ' ms')} | |",
        "",
        "## Ingestion and memory",
        "",
        "| figure | value |",
        "| --- | ---: |",
        f"| ingestion, gold set (ingest app's tool) | {fmt(summary.get('ingest_pages_per_s'), ' pages/s')} |",
        f"| CSV importer (`import_cases_csv`, 1,000 new cases), SQLite / PostgreSQL | "
        f"{fmt(summary.get('importer_cases_per_s_sqlite'), ' cases/s')} / "
        f"{fmt(summary.get('importer_cases_per_s_postgres'), ' cases/s')} |",
        f"| ingestion, long report ({fmt(summary.get('ingest_long_report_pages'))} pages) | "
        f"{fmt(summary.get('ingest_long_report_pages_per_s'), ' pages/s')}, peak "
        f"{fmt(summary.get('ingest_long_report_peak_rss_mib'), ' MiB')} |",
        f"| web worker RSS at 1,000,000 cases (SQLite / PostgreSQL) | "
        f"{fmt(summary.get('worker_rss_mib_1m_sqlite'), ' MiB')} / {fmt(summary.get('worker_rss_mib_1m_postgres'), ' MiB')} |",
        *(
            f"| web worker RSS at {int(key.split('_')[4]):,} cases ({key.split('_')[6]}) | {fmt(value, ' MiB')} |"
            for key, value in summary.items()
            if key.startswith("worker_rss_mib_at_")
        ),
        "",
    ]
    lines += _million_lines(results.get("million") or {}, fmt)
    lines += _admin_lines(results, fmt)
    scale = results.get("scaleout")
    if scale:
        two = scale.get("two_app_servers", {})
        lines += [
            "## Beyond one machine (measured here; see docs/deployment.md)",
            "",
            f"- Two app servers, one worker each, round robin: {fmt(two.get('signatures', {}).get('per_s'), ' signatures/s')}, "
            f"p99 {fmt(two.get('signatures', {}).get('p99'), ' ms')}; verification {two.get('verification')}.",
        ]
        for name, value in (scale.get("mail_workers") or {}).items():
            lines.append(
                f"- Mail delivery, {name} on one queue: {fmt(value.get('emails_per_s'), ' e-mails/s')}, sink {value.get('sink')}."
            )
        for name, value in (scale.get("read_replica") or {}).items():
            lines.append(
                f"- Read replica, {name}: p50 {value.get('p50_ms')} ms; facets timed out at a 1 ms limit: {value.get('facets_timed_out_with_1ms_limit')}."
            )
        lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="case counts to build and measure")
    parser.add_argument("--with-1m", action="store_true", help="also build and measure 1,000,000 cases")
    parser.add_argument(
        "--backends-1m",
        default=",".join(common.BACKENDS),
        help="the databases --with-1m builds and measures (each takes ~1-2 h to build here)",
    )
    parser.add_argument(
        "--memory-of",
        type=int,
        metavar="SIZE",
        help="measure the web workers' memory on the already built database of this size (even a "
        "build that was stopped), for the --backends-1m databases; builds nothing",
    )
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke test of the bench)")
    parser.add_argument("--output", type=Path, default=common.RESULTS / "latest.json")
    parser.add_argument(
        "--max-wait",
        type=float,
        default=300,
        help="seconds to wait, before each phase, for other processes to leave the CPU (0: never)",
    )
    args = parser.parse_args(argv)
    quiet = {}

    def settle(phase: str) -> None:
        if args.max_wait > 0:
            quiet[phase] = common.wait_for_quiet(max_wait=args.max_wait)
        else:
            quiet[phase] = {"busy_cores": round(common.busy_cores(1.0, {os.getpid()}), 2), "waited_s": 0}

    started = time.perf_counter()
    (common.VAR / "app" / "static").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT of the bench settings
    (common.VAR / "logs").mkdir(parents=True, exist_ok=True)
    install_requirements()
    import generate

    phases = {p.strip() for p in args.phases.split(",") if p.strip()}
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    repeats = 6 if args.quick else 15
    scale = 0.3 if args.quick else 0.6
    surge_seconds = 6 if args.quick else 20
    results: dict = {"argv": sys.argv[1:], "background_load": {"start": loadavg(), "busy": busy_elsewhere()}}
    previous = common.read_json(args.output, {}) or {}
    previous_results = common.read_json(args.output.with_name("latest-details.json"), {}) or {}

    if "generate" in phases:
        results["generation"] = generate.ensure(sizes, list(common.BACKENDS))
    for size in sizes:
        for backend in common.BACKENDS:
            manage(common.database_url(backend, size), "migrate", "--noinput")
    if "importer" in phases:
        settle("importer")
        common.log("importer speed")
        results["importer"] = importer_phase()
    plans = {}
    for size in sizes:
        for backend in common.BACKENDS:
            plans[(backend, size)] = plan_for(backend, size)

    def per_database(phase: str, title: str, measure) -> dict:
        """`measure(backend, size)` for every size and database, each once the machine is quiet."""
        out = {}
        for size in sizes:
            for backend in common.BACKENDS:
                settle(f"{phase} {backend} {common.label(size)}")
                common.log(f"{title}: {backend} {common.label(size)}")
                out[f"{backend}_{common.label(size)}"] = measure(backend, size)
        return out

    if "server" in phases:
        results["server"] = per_database(
            "server",
            "server-side",
            lambda backend, size: server_side(backend, size, plans[(backend, size)], scale),
        )
    if "http" in phases and HEADLINE_SIZE in sizes:
        results["http"] = {}
        for backend in common.BACKENDS:
            settle(f"http {backend}")
            common.log(f"through HTTP: {backend} {common.label(HEADLINE_SIZE)}")
            results["http"][f"{backend}_{common.label(HEADLINE_SIZE)}"] = http_reads(
                backend, HEADLINE_SIZE, plans[(backend, HEADLINE_SIZE)], repeats
            )
    if "datasette" in phases and HEADLINE_SIZE in sizes:
        settle("datasette")
        common.log("Datasette")
        results["datasette"] = datasette_side(HEADLINE_SIZE, plans[("sqlite", HEADLINE_SIZE)], repeats)
        if results.get("http"):
            results["datasette_comparison"] = compare(
                {k.split("_")[0]: v for k, v in results["http"].items()}, results["datasette"]
            )
    if "surge" in phases:
        settle("surge")
        common.log("campaign surge")
        results["surge"] = surge_phase(surge_seconds)
    if "scaleout" in phases and results.get("surge"):
        settle("scaleout")
        results["scaleout"] = scale_out_phase(
            results["surge"], surge_seconds, plans.get(("postgres", HEADLINE_SIZE)), repeats
        )
    if "ingest" in phases:
        settle("ingest")
        common.log("ingestion")
        results["ingest"] = ingest_phase()
    if "admin" in phases:
        results["admin"] = per_database(
            "admin", "admin pages", lambda backend, size: admin_lists(backend, size, 3 if args.quick else 5)
        )
    if args.memory_of:
        # Added to the figures of earlier --memory-of runs (other sizes), replacing this size's.
        results["worker_memory_of"] = dict(previous_results.get("worker_memory_of") or {})
        for backend in [b.strip() for b in args.backends_1m.split(",") if b.strip() in common.BACKENDS]:
            manage(common.database_url(backend, args.memory_of), "migrate", "--noinput")
            results["worker_memory_of"][f"{backend}_{common.label(args.memory_of)}"] = worker_memory_phase(
                backend, args.memory_of
            )
    if args.with_1m:
        common.log("1,000,000 cases")
        backends = [b.strip() for b in args.backends_1m.split(",") if b.strip() in common.BACKENDS]
        results["million"] = million_phase(0.2, backends)
    results["background_load"]["end"] = loadavg()
    results["background_load"]["other_processes_before_each_phase"] = quiet
    results["seconds"] = round(time.perf_counter() - started, 1)

    # Phases not run this time keep their last figures (marked), so the table stays complete;
    # each phase keeps the date and machine of the run that measured it ("measured"), because
    # runs on different machines differ by more than most changes do.
    bookkeeping = ("argv", "seconds", "background_load", "carried_over", "measured")
    stamp = {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cpu_model": common.machine()["cpu_model"]}
    measured = {key: stamp for key in results if key not in bookkeeping}
    unstamped = {"date": f"{previous.get('date', '?')} or earlier", "cpu_model": "not recorded"}
    for key, value in previous_results.items():
        if key not in results and key not in bookkeeping:
            results[key] = value
            results.setdefault("carried_over", []).append(key)
            measured[key] = (previous_results.get("measured") or {}).get(key, unstamped)
    results["measured"] = measured
    summary = summarise(results)
    summary["seconds"] = results["seconds"]
    summary["carried_over_from_previous_run"] = results.get("carried_over", [])
    summary["measured"] = results["measured"]
    if previous.get("date"):
        summary["previous_run"] = previous.get("date")
    common.write_json(args.output, summary)
    common.write_json(args.output.with_name("latest-details.json"), results)
    table = markdown(summary, results)
    args.output.with_suffix(".md").write_text(table + "\n")
    print(table)
    print(f"wrote {args.output} and {args.output.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
