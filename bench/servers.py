"""Start and stop the servers under test, on loopback ports, and look at their processes."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import common

BIN = common.ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, seconds: float = 60, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
                if response.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """Stop one server we started (by its process id), then its leftovers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(
    database_url: str,
    workers: int | None = None,
    port: int | None = None,
    extra_env: dict | None = None,
    log: Path | None = None,
    worker_class: str = "sync",
    threads: int = 1,
):
    """`gunicorn endreprisals.wsgi` with the production layout of docs/deployment.md: one sync
    worker per core, bound to loopback. Yields (base URL, process)."""
    workers = workers or os.cpu_count() or 1
    port = port or free_port()
    # The workers share their facet cache as docs/deployment.md sets it up; a new, empty
    # directory per server, so that each run measures its first requests cold.
    cache_dir = tempfile.mkdtemp(prefix="facet-cache-", dir=common.VAR)
    env = common.django_env(database_url, **{"FACET_CACHE_DIR": cache_dir, **(extra_env or {})})
    command = [
        str(BIN / "gunicorn"),
        "endreprisals.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--timeout",
        "30",  # gunicorn's default, stated
        "--backlog",
        "2048",
    ]
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(command, env=env, cwd=common.ROOT, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(f"{base}/api/v1/", process=process)
        time.sleep(0.5)  # every worker booted
        yield base, process
    finally:
        stop(process)
        shutil.rmtree(cache_dir, ignore_errors=True)
        if log:
            out.close()


def worker_memory(process: subprocess.Popen) -> list[dict]:
    return [{"pid": pid, **common.rss_kib(pid)} for pid in common.children(process.pid)]


@contextmanager
def datasette(db_path: Path, log: Path | None = None):
    """Datasette serving one SQLite file read-only (immutable, as `datasette publish` does), with
    its time limits raised so that facets and counts are computed in full, never cut short, and
    facet suggestions off (our list suggests none). Yields the base URL."""
    port = free_port()
    command = [
        str(BIN / "datasette"),
        "serve",
        "-i",
        str(db_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "30000",
        "--setting",
        "facet_time_limit_ms",
        "30000",
        "--setting",
        "default_facet_size",
        "30",
        "--setting",
        "suggest_facets",
        "off",
        "--setting",
        "default_page_size",
        "25",
    ]
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(command, cwd=common.ROOT, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(f"{base}/-/versions.json", process=process)
        yield base, process
    finally:
        stop(process)
        if log:
            out.close()
