"""A global budget for the intake: at most INTAKE_MAX_SUBMISSIONS_PER_HOUR stored submissions
and INTAKE_MAX_BYTES_PER_HOUR received bytes per clock hour, for everyone together.

The intake keeps no address (intake/middleware.py), so it cannot limit one sender; this bounds
what a flood can cost (disk, the worker's time) instead. Only counts per hour are kept
(HourlyUsage), and only for the last few hours. A request over budget is answered 503 with
Retry-After and its text shown back (intake/views.py): nothing typed is lost.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import HourlyUsage

_KEEP = datetime.timedelta(hours=3)


def current_hour(now=None) -> datetime.datetime:
    return (now or timezone.now()).replace(minute=0, second=0, microsecond=0)


def seconds_to_next_hour(now=None) -> int:
    now = now or timezone.now()
    return max(1, int((current_hour(now) + datetime.timedelta(hours=1) - now).total_seconds()))


def _usage(hour) -> HourlyUsage:
    usage = HourlyUsage.objects.filter(hour=hour).first()
    if usage is not None:
        return usage
    try:
        with transaction.atomic():
            usage = HourlyUsage.objects.create(hour=hour)
    except IntegrityError:  # another request created it meanwhile
        return HourlyUsage.objects.get(hour=hour)
    HourlyUsage.objects.filter(hour__lt=hour - _KEEP).delete()
    return usage


def over_budget(incoming_bytes: int, now=None) -> bool:
    """Whether a request of `incoming_bytes` would go past this hour's budget."""
    usage = _usage(current_hour(now))
    return (
        usage.submissions >= settings.INTAKE_MAX_SUBMISSIONS_PER_HOUR
        or usage.received_bytes + incoming_bytes > settings.INTAKE_MAX_BYTES_PER_HOUR
    )


def count_received(incoming_bytes: int, now=None) -> None:
    """Every request's body counts, stored or not: refused uploads cost reading them too."""
    hour = current_hour(now)
    _usage(hour)
    HourlyUsage.objects.filter(hour=hour).update(received_bytes=F("received_bytes") + max(0, incoming_bytes))


def count_submission(now=None) -> None:
    hour = current_hour(now)
    _usage(hour)
    HourlyUsage.objects.filter(hour=hour).update(submissions=F("submissions") + 1)
