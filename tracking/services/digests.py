"""E-mail digests of changes, queued through the mailer and delivered by the background worker.

`send_digests` is safe to run as often as one likes (cron, a timer, twice at once): each
subscription is claimed by a conditional update of `last_digest_at` (from the value read to
`now`) inside the transaction that queues its message, so two runs can never both send the same
window, and a failed run sends nothing and claims nothing. A digest covers the changes in
(last_digest_at, now]; with no change, nothing is sent but the window still moves on.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.filters import InvalidQuery
from mailer.services import queue_email

from ..models import Subscription
from .changes import describe_changes
from .subscriptions import Scope, absolute, purge_unconfirmed, unsubscribe_headers, unsubscribe_url

logger = logging.getLogger(__name__)

DIGEST_EVERY = datetime.timedelta(hours=24)
DIGEST_MAX_CASES = 50


@dataclass
class DigestRun:
    due: int = 0
    sent: int = 0
    purged: int = 0


def due_subscriptions(now, every=DIGEST_EVERY):
    return Subscription.objects.filter(confirmed_at__isnull=False).filter(
        Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - every)
    )


def _claim(subscription: Subscription, now) -> bool:
    previous = subscription.last_digest_at
    condition = Q(last_digest_at=previous) if previous is not None else Q(last_digest_at__isnull=True)
    return Subscription.objects.filter(condition, pk=subscription.pk).update(last_digest_at=now) == 1


def send_digest(subscription: Subscription, now) -> bool:
    """Claim this subscription's window and queue its digest; True if a message was queued."""
    with transaction.atomic():
        since = subscription.last_digest_at
        if not _claim(subscription, now):
            return False
        scope = Scope.of(subscription)
        try:
            cases = scope.public_cases()
        except InvalidQuery:
            logger.warning("subscription %s: search parameters no longer valid", subscription.pk)
            return False
        changes, total = describe_changes(cases, since, now, DIGEST_MAX_CASES)
        if not changes:
            return False
        queued = queue_email(  # None: the address is suppressed (mailer.addresses)
            "tracking/email/digest",
            to=subscription.email,
            context={
                "scope_label": scope.label,
                "changes": changes,
                "total": total,
                "more": total - len(changes),
                "page_url": absolute(scope.page_url),
                "unsubscribe_url": unsubscribe_url(subscription),
                "since": since,
            },
            category="tracking-digest",
            headers=unsubscribe_headers(subscription),
            dedupe_key=f"tracking-digest:{subscription.pk}:{now.isoformat()}",
            language=subscription.language,
        )
        return queued is not None


def send_digests(now=None, every=DIGEST_EVERY) -> DigestRun:
    now = now or timezone.now()
    run = DigestRun(purged=purge_unconfirmed(now))
    for subscription in due_subscriptions(now, every).select_related("case", "country").iterator():
        run.due += 1
        if send_digest(subscription, now):
            run.sent += 1
    return run
