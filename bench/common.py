"""Shared helpers of the benchmark scripts: paths, database addresses, percentiles, the machine.

Every script in bench/ is run as a file (`.venv/bin/python bench/NAME.py`); `setup_path()` makes
the project importable and keeps bench/ingest.py from shadowing the `ingest` app.
"""

import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
VAR = ROOT / "var" / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PG_PORT = os.environ.get("BENCH_PG_PORT", "5432")
PG_USER = os.environ.get("BENCH_PG_USER", "postgres")
PG_PREFIX = os.environ.get("BENCH_PG_PREFIX", "endreprisals_bench")
BACKENDS = ("sqlite", "postgres")


def setup_path() -> None:
    """The project first; bench/ last, so `import ingest` finds the app, not bench/ingest.py."""
    rest = [p for p in sys.path if Path(p or ".").resolve() not in (BENCH, ROOT)]
    sys.path[:] = [str(ROOT), *rest, str(BENCH)]


def label(size: int) -> str:
    """10000 -> "10k", 1000000 -> "1m"."""
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}m"
    if size >= 1000 and size % 1000 == 0:
        return f"{size // 1000}k"
    return str(size)


def pg_name(size: int) -> str:
    return f"{PG_PREFIX}_{label(size)}"


def pg_url(name: str) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


def sqlite_path(size: int) -> Path:
    return VAR / f"cases-{label(size)}.sqlite3"


def database_url(backend: str, size: int) -> str:
    if backend == "sqlite":
        return f"sqlite:///{sqlite_path(size)}"
    return pg_url(pg_name(size))


def marker_path(backend: str, size: int) -> Path:
    return VAR / f"{backend}-{label(size)}.json"


def django_env(database_url_value: str, **extra) -> dict:
    """Environment for a child process running Django against one benchmark database."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url_value,
        ENDREPRISALS_VAR_DIR=str(VAR / "app"),
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="ERROR",
    )
    env.pop("DEBUG", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def percentiles(samples_ms: list[float]) -> dict:
    """p50/p95/p99 (nearest-rank), mean, min, max and count, in milliseconds."""
    if not samples_ms:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "mean": None, "min": None, "max": None}
    ordered = sorted(samples_ms)
    if ordered[-1] == float("inf"):
        # Stopped at the time limit: no distribution, only "over the limit".
        return {
            "n": len(ordered),
            "p50": None,
            "p95": None,
            "p99": None,
            "mean": None,
            "min": None,
            "max": None,
            "over_limit": True,
        }

    def rank(p: float) -> float:
        index = max(0, min(len(ordered) - 1, int(-(-p * len(ordered) // 100)) - 1))
        return round(ordered[index], 2)

    return {
        "n": len(ordered),
        "p50": rank(50),
        "p95": rank(95),
        "p99": rank(99),
        "mean": round(sum(ordered) / len(ordered), 2),
        "min": round(ordered[0], 2),
        "max": round(ordered[-1], 2),
    }


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_kib = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
    except OSError:
        pass
    return {
        "cpu_model": model or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def rss_kib(pid: int) -> dict:
    """Current and peak resident memory of a process (KiB), from /proc."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1])
    except OSError:
        pass
    return {"rss_kib": out.get("VmRSS"), "peak_rss_kib": out.get("VmHWM")}


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, default=str) + "\n")


def read_json(path: Path, default=None):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return default


class Timer:
    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _cpu_ticks() -> dict[int, int]:
    ticks = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            ticks[int(entry.name)] = int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return ticks


def busy_cores(seconds: float = 1.0, exclude: set[int] | None = None) -> float:
    """Cores' worth of CPU used by every process but `exclude`, over `seconds` (from /proc)."""
    exclude = exclude or set()
    before = _cpu_ticks()
    time.sleep(seconds)
    after = _cpu_ticks()
    used = sum(t - before.get(pid, t) for pid, t in after.items() if pid not in exclude)
    return used / os.sysconf("SC_CLK_TCK") / seconds


def wait_for_quiet(limit_cores: float = 0.4, max_wait: float = 300.0) -> dict:
    """Wait (up to `max_wait` s) until other processes use less than `limit_cores` of the CPU:
    this machine may be shared, and a benchmark beside a test suite measures the test suite."""
    started = time.monotonic()
    mine = {os.getpid()}
    level = busy_cores(1.0, mine)
    while level > limit_cores and time.monotonic() - started < max_wait:
        log(f"waiting for a quiet machine: {level:.2f} cores busy elsewhere")
        time.sleep(10)
        level = busy_cores(1.0, mine)
    return {"busy_cores": round(level, 2), "waited_s": round(time.monotonic() - started, 1)}
