"""The one scheduler of the periodic jobs: `manage.py run_periodic` (a loop, as `make run` starts
it and as a production service runs it) or `manage.py run_periodic --once` (from cron or a systemd
timer). Each job runs when its interval has passed since its last run; last runs are kept in
VAR_DIR/periodic.json, so the loop and --once agree and a restart does not re-run everything.

The jobs only queue work (e-mails go through the mailer's queue, delivered by `db_worker`), so a
job that runs late or twice is harmless: each command is idempotent over its own state.
"""

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    every_seconds: int
    args: tuple = ()


JOBS = (
    Job("campaign reminders", "campaigns_remind", 3600),
    Job("campaign housekeeping", "campaigns_housekeeping", 3600),
    Job("tracking digests", "send_digests", 3600),  # the command sends only the digests that are due
    Job("statistics", "refresh_statistics", 24 * 3600),
)


def state_file() -> Path:
    return Path(settings.VAR_DIR) / "periodic.json"


def _read() -> dict:
    try:
        return json.loads(state_file().read_text())
    except (OSError, ValueError):
        return {}


def _write(state: dict) -> None:
    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=1))
    tmp.replace(path)


def due(now: float | None = None, jobs=JOBS) -> list[Job]:
    now = time.time() if now is None else now
    last = _read()
    return [job for job in jobs if job.command not in last or now - last[job.command] >= job.every_seconds]


def run_due(now: float | None = None, jobs=JOBS, stdout=None) -> list[str]:
    """Run every job that is due; a failing job is logged and retried at the next pass."""
    ran = []
    for job in due(now, jobs):
        try:
            call_command(job.command, *job.args, stdout=stdout, stderr=stdout)
        except Exception:  # noqa: BLE001 - one failing job must not stop the others
            log.exception("periodic job %s failed", job.command)
            continue
        state = _read()
        state[job.command] = time.time() if now is None else now
        _write(state)
        ran.append(job.command)
        log.info("periodic job %s ran at %s", job.command, timezone.now().isoformat())
    return ran
