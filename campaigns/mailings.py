"""Mailings to the mailing list: a dry run shows how many people would receive it; sending
requires that dry run, then runs on the worker, which queues one message per confirmed
subscriber (idempotently: a re-run queues only who is missing). Progress and per-recipient
status come from the mailer's rows.
"""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from endreprisals import background
from mailer.addresses import is_suppressed
from mailer.models import OutboundEmail, Suppression

from .models import Mailing, MailingDelivery, Subscription
from .services import queue_to_supporter, unsubscribe_headers


class MailingError(Exception):
    pass


def recipients(mailing: Mailing):
    return (
        Subscription.objects.filter(mailing_list=mailing.mailing_list, status=Subscription.Status.CONFIRMED)
        .exclude(email_hash__in=Suppression.objects.values("email_hash"))
        .order_by("pk")
    )


def dry_run(mailing: Mailing, now=None) -> int:
    count = recipients(mailing).count()
    Mailing.objects.filter(pk=mailing.pk).update(dry_run_count=count, dry_run_at=now or timezone.now())
    mailing.refresh_from_db()
    return count


def start(mailing: Mailing, expected: int, now=None) -> None:
    """Start sending after a dry run whose count still holds; the worker does the rest."""
    if mailing.status != Mailing.Status.DRAFT:
        raise MailingError("This mailing has already been sent.")
    if mailing.dry_run_at is None or mailing.dry_run_at < mailing.updated_at:
        raise MailingError("Run the dry run first (again, if the mailing changed since).")
    current = recipients(mailing).count()
    if current != expected or current != mailing.dry_run_count:
        raise MailingError(
            f"The list changed since the dry run: {current} recipients now, {mailing.dry_run_count} then. "
            "Run the dry run again."
        )
    with transaction.atomic():
        started = Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.DRAFT).update(
            status=Mailing.Status.SENDING, started_at=now or timezone.now()
        )
        if not started:
            raise MailingError("This mailing has already been sent.")
        from .tasks import send_mailing

        background.enqueue(send_mailing, mailing.pk)
    mailing.refresh_from_db()


def send(mailing_id: int) -> int:
    """Queue the mailing to every confirmed subscriber not yet queued (run by the worker)."""
    mailing = Mailing.objects.select_related("mailing_list").get(pk=mailing_id)
    if mailing.status == Mailing.Status.DRAFT:
        return 0
    queued = 0
    for subscription in recipients(mailing).iterator():
        if is_suppressed(subscription.email):
            continue
        with transaction.atomic():
            delivery, created = MailingDelivery.objects.get_or_create(
                mailing=mailing, subscription=subscription
            )
            if not created and delivery.outbound_id:
                continue
            email = queue_to_supporter(
                "mailing",
                to=subscription.email,
                context={
                    "mailing": mailing,
                    "paragraphs": _paragraphs(mailing.body),
                    "unsubscribe_url": _unsub(subscription),
                },
                category="campaigns.mailing",
                headers=unsubscribe_headers(subscription),
                dedupe_key=f"mailing:{mailing.pk}:{subscription.pk}",
            )
            delivery.outbound = email
            delivery.state = "queued" if email else "suppressed"
            delivery.save(update_fields=["outbound", "state"])
            queued += 1
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENT, finished_at=timezone.now())
    return queued


def _unsub(subscription) -> str:
    return unsubscribe_headers(subscription)["List-Unsubscribe"].strip("<>")


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]


def progress(mailing: Mailing) -> dict:
    """How far the mailing is: recipients queued so far and their delivery states."""
    states = dict(
        MailingDelivery.objects.filter(mailing=mailing, outbound__isnull=False)
        .values_list("outbound__status")
        .annotate(n=Count("pk"))
    )
    total = MailingDelivery.objects.filter(mailing=mailing).count()
    expected = mailing.dry_run_count or 0
    return {
        "expected": expected,
        "created": total,
        "queued": states.get(OutboundEmail.Status.QUEUED, 0) + states.get(OutboundEmail.Status.SENDING, 0),
        "sent": states.get(OutboundEmail.Status.SENT, 0),
        "failed": states.get(OutboundEmail.Status.FAILED, 0),
        "cancelled": states.get(OutboundEmail.Status.CANCELLED, 0),
        "percent": round(100 * states.get(OutboundEmail.Status.SENT, 0) / expected) if expected else 0,
    }


def deliveries(mailing: Mailing):
    return (
        MailingDelivery.objects.filter(mailing=mailing)
        .select_related("subscription", "outbound")
        .order_by("pk")
    )
