"""Rate limiting of the public forms, without a third-party captcha and without storing
addresses.

Each submission increments a counter keyed by (hash of the client's network, form, time
window). The network is `endreprisals.client_address.client_network`, the key every rate limit
uses: an IPv4 address or an IPv6 /64, read behind proxies as the proxy set it. The hash is keyed with a secret *and the current date*, so a stored value cannot
be reversed by hashing the IPv4 space without the key, and values cannot be linked from one day
to the next. Rows are deleted soon after their window is over: each process sweeps the finished
windows at most once a minute, on a submission (and `campaigns_housekeeping` sweeps them hourly).
"""

import threading
import time
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from endreprisals.client_address import client_network
from mailer.addresses import keyed_hash

from . import conf
from .models import RateLimitHit
from .retry import retry_when_locked

SWEEP_EVERY_SECONDS = 60


class _Sweeper:
    """Deletes finished windows at most once per SWEEP_EVERY_SECONDS in this process: a sweep on
    every hit would add a statement to every submission of a surge, to delete nothing."""

    def __init__(self):
        self._lock = threading.Lock()
        self._last = float("-inf")

    def __call__(self, before) -> None:
        with self._lock:
            if time.monotonic() - self._last < SWEEP_EVERY_SECONDS:
                return
            self._last = time.monotonic()
        RateLimitHit.objects.filter(window_start__lt=before).delete()

    def reset(self) -> None:
        with self._lock:
            self._last = float("-inf")


sweep = _Sweeper()


def _window_start(now, window_seconds: int):
    epoch = int(now.timestamp())
    return now - timedelta(seconds=epoch % window_seconds, microseconds=now.microsecond)


@retry_when_locked
def hit(request, scope: str, now=None) -> bool:
    """Count one submission; False when the address has exceeded the limit for this form.

    One statement (and, about once a minute, a sweep of the windows that are over)."""
    now = now or timezone.now()
    limit = conf.get("CAMPAIGNS_RATE_LIMIT_COUNT")
    window = conf.get("CAMPAIGNS_RATE_LIMIT_WINDOW")
    key = keyed_hash(f"ip:{now.date().isoformat()}", client_network(request))
    sweep(now - timedelta(seconds=window))
    return _increment(key, scope, _window_start(now, window)) <= limit


def _increment(key: str, scope: str, start) -> int:
    """Insert the window's row or add one to it, and return the new count, in one statement
    (SQLite and PostgreSQL both have the upsert), so concurrent hits never race between a read
    and a write."""
    meta = RateLimitHit._meta
    quote = connection.ops.quote_name
    table, count = quote(meta.db_table), quote(meta.get_field("count").column)
    columns = ", ".join(quote(meta.get_field(name).column) for name in ("key_hash", "scope", "window_start"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, {count}) VALUES (%s, %s, %s, 1) "  # noqa: S608 - names from the model
            f"ON CONFLICT ({columns}) DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}",
            [key, scope, meta.get_field("window_start").get_db_prep_value(start, connection)],
        )
        return cursor.fetchone()[0]
