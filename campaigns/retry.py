"""One submission, one transaction, retried whole when SQLite reports a lock."""

import functools
import random
import time

from django.db import OperationalError, transaction

LOCK_RETRIES = 20


def retry_when_locked(function):
    """Run `function` in one transaction, again if SQLite reports a lock.

    A supporter's submission (or a rate-limit hit) is all or nothing, so it can be retried
    whole. PostgreSQL never raises this error here; SQLite can, when several
    writers meet (the busy timeout covers most cases, shared-cache test databases none)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        for attempt in range(LOCK_RETRIES):
            try:
                with transaction.atomic():
                    return function(*args, **kwargs)
            except OperationalError as exc:
                if "locked" not in str(exc) or attempt == LOCK_RETRIES - 1:
                    raise
                time.sleep(0.02 * (attempt + 1) + random.random() * 0.02)  # noqa: S311 - jitter; ~4.6 s in all
        return None  # pragma: no cover

    return wrapper
