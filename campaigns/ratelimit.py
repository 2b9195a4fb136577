"""Rate limiting of the public forms, without a third-party captcha and without storing
addresses.

Each submission increments a counter keyed by (hash of the client's network address, form,
time window). The hash is keyed with a secret *and the current date*, so a stored value cannot
be reversed by hashing the IPv4 space without the key, and values cannot be linked from one day
to the next. Rows are deleted as soon as their window is over (at most a few minutes later).
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import conf
from .hashing import keyed_hash
from .models import RateLimitHit


def client_address(request) -> str:
    return request.META.get(conf.get("CAMPAIGNS_CLIENT_IP_META"), "") or request.META.get("REMOTE_ADDR", "")


def _window_start(now, window_seconds: int):
    epoch = int(now.timestamp())
    return now - timedelta(seconds=epoch % window_seconds, microseconds=now.microsecond)


def hit(request, scope: str, now=None) -> bool:
    """Count one submission; False when the address has exceeded the limit for this form."""
    now = now or timezone.now()
    limit = conf.get("CAMPAIGNS_RATE_LIMIT_COUNT")
    window = conf.get("CAMPAIGNS_RATE_LIMIT_WINDOW")
    start = _window_start(now, window)
    key = keyed_hash(f"ip:{now.date().isoformat()}", client_address(request))
    RateLimitHit.objects.filter(window_start__lt=now - timedelta(seconds=window)).delete()
    updated = RateLimitHit.objects.filter(key_hash=key, scope=scope, window_start=start).update(
        count=F("count") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                RateLimitHit.objects.create(key_hash=key, scope=scope, window_start=start, count=1)
        except IntegrityError:
            RateLimitHit.objects.filter(key_hash=key, scope=scope, window_start=start).update(
                count=F("count") + 1
            )
    count = RateLimitHit.objects.filter(key_hash=key, scope=scope, window_start=start).values_list(
        "count", flat=True
    )
    return (count.first() or 0) <= limit
