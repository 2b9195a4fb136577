"""`make bench-suite`: how long `make test` takes on this machine, per part (lint and checks, the
SQLite run, the PostgreSQL run), written to bench/results/suite.json and merged into latest.json
as `suite_seconds_sqlite`, `suite_seconds_postgres` and `suite_seconds_total`.

The suite is run exactly as `make test` runs it (the Makefile's targets, two pytest-xdist
processes), with the browser tests required, so a skipped browser cannot make it look fast. The
background load is recorded beside the figures: the suite's time on a busy machine says little.
"""

import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime

from common import RESULTS, ROOT, busy_cores, machine, read_json, write_json

POSTGRES = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"
SUMMARY = re.compile(r"(\d+) passed(?:, (\d+) skipped)?(?:, (\d+) failed)?")


def _run(target: str, env: dict) -> dict:
    started = time.monotonic()
    done = subprocess.run(
        ["make", "--no-print-directory", target], cwd=ROOT, env=env, capture_output=True, text=True
    )
    seconds = round(time.monotonic() - started, 1)
    tail = (done.stdout + done.stderr).strip().splitlines()[-1:] or [""]
    found = SUMMARY.search(done.stdout)
    result = {"seconds": seconds, "returncode": done.returncode, "last_line": tail[0]}
    if found:
        result.update(passed=int(found[1]), skipped=int(found[2] or 0), failed=int(found[3] or 0))
    return result


def main() -> int:
    load = busy_cores(2.0)
    env = dict(os.environ, REQUIRE_BROWSER="1")
    env.pop("DATABASE_URL", None)
    parts = {"lint_and_checks": _run("lint", env)}
    parts["lint_and_checks"]["seconds"] += _run("check", env)["seconds"]
    parts["sqlite"] = _run("test-sqlite", env)
    parts["postgres"] = _run("test-postgres", dict(env, DATABASE_URL=POSTGRES))
    total = round(sum(part["seconds"] for part in parts.values()), 1)
    result = {
        "machine": machine(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "busy_cores_before": load,
        "processes": "pytest-xdist -n auto",
        "parts": parts,
        "suite_seconds_sqlite": parts["sqlite"]["seconds"],
        "suite_seconds_postgres": parts["postgres"]["seconds"],
        "suite_seconds_total": total,
        "target_total_seconds": 600,
    }
    write_json(RESULTS / "suite.json", result)
    latest = read_json(RESULTS / "latest.json", {})
    for key in ("suite_seconds_sqlite", "suite_seconds_postgres", "suite_seconds_total"):
        latest[key] = result[key]
    write_json(RESULTS / "latest.json", latest)
    for name, part in parts.items():
        print(f"{name:16} {part['seconds']:8.1f} s  {part.get('last_line', '')}")
    print(f"{'total':16} {total:8.1f} s  (target 600 s; {load:.1f} cores busy before the run)")
    return 0 if all(part["returncode"] == 0 for part in parts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
