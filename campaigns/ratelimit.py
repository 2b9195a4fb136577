"""Rate limiting of the public forms, without a third-party captcha and without storing
addresses.

Each submission increments a counter keyed by (hash of the client's network address, form,
time window). The hash is keyed with a secret *and the current date*, so a stored value cannot
be reversed by hashing the IPv4 space without the key, and values cannot be linked from one day
to the next. Rows are deleted as soon as their window is over (at most a few minutes later).
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from . import conf
from .hashing import keyed_hash
from .models import RateLimitHit
from .retry import retry_when_locked


def client_address(request) -> str:
    return request.META.get(conf.get("CAMPAIGNS_CLIENT_IP_META"), "") or request.META.get("REMOTE_ADDR", "")


def _window_start(now, window_seconds: int):
    epoch = int(now.timestamp())
    return now - timedelta(seconds=epoch % window_seconds, microseconds=now.microsecond)


@retry_when_locked
def hit(request, scope: str, now=None) -> bool:
    """Count one submission; False when the address has exceeded the limit for this form.

    One transaction of two statements: drop the windows that are over, then count this hit."""
    now = now or timezone.now()
    limit = conf.get("CAMPAIGNS_RATE_LIMIT_COUNT")
    window = conf.get("CAMPAIGNS_RATE_LIMIT_WINDOW")
    key = keyed_hash(f"ip:{now.date().isoformat()}", client_address(request))
    RateLimitHit.objects.filter(window_start__lt=now - timedelta(seconds=window)).delete()
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
