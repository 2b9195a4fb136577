"""Which cases changed since a facet index was read, from the log the database triggers keep
(cases/models/version.py:FacetChange, migration 0008), so that a new data version patches the
previous index for those cases instead of reading every case again (cases/facet_index.py).

A *mark* is the last log row an index has seen. Rows become visible in id order on both
databases: SQLite writers hold the database lock until they commit, and on PostgreSQL every
write to these tables first bumps the data version's single row (its trigger is named `…_dv`,
which fires before `…_fc_…`), so a writing transaction holds that row's lock from before its
first log row until it commits, and the next writer's rows come after. A transaction that rolls
back leaves a gap in the ids, never a row.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.db import connections
from django.utils import timezone

from .models import FacetChange

# More changed cases than this and a full read is as quick as a patch.
MOST_PATCHED = 5000
_pruned_at: dict[str, float] = {}


def _one(using: str, sql: str, params=()):
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def mark(using: str) -> int:
    """Where the log stands now, taken before an index reads the cases."""
    return _one(using, f"SELECT coalesce(max(id), 0) FROM {FacetChange._meta.db_table}")  # noqa: S608


def changed_since(using: str, since: int) -> tuple[list[int], int] | None:
    """(ids of the cases changed since mark `since`, the new mark), or None when the index must
    be read again in full: something every case depends on changed, too many cases changed, or
    the log no longer reaches back to `since` (pruned, or emptied as tests do)."""
    _prune(using)
    now = mark(using)
    if now < since:
        return None
    sql = (
        f"SELECT case_id FROM {FacetChange._meta.db_table} "  # noqa: S608
        "WHERE id > %s AND id <= %s GROUP BY case_id LIMIT %s"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [since, now, MOST_PATCHED + 2])
        ids = [row[0] for row in cursor.fetchall()]
    if None in ids or len(ids) > MOST_PATCHED:
        return None
    return ids, now


def record_every_case(using: str) -> None:
    """Log a change of every case (a full read next time): for writes no trigger sees."""
    FacetChange.objects.using(using).create(case_id=None)


def kept() -> timedelta:
    return timedelta(hours=settings.FACET_CHANGES_KEPT_HOURS)


def _prune(using: str) -> None:
    """Forget log rows older than FACET_CHANGES_KEPT_HOURS, at most once an hour per process.
    An index older than half that is read again in full (facet_index), so it never needs them."""
    if time.monotonic() - _pruned_at.get(using, -3600.0) < 3600:
        return
    _pruned_at[using] = time.monotonic()
    FacetChange.objects.using(using).filter(created_at__lt=timezone.now() - kept()).delete()
