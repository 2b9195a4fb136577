"""Delivery outcomes of messages to missions: bounces are counted per address, and an address
that bounces CAMPAIGNS_BOUNCE_PAUSE_THRESHOLD times is paused — its queued messages are held
and no new message is queued for it until staff resume it.

Bounces reach us two ways:
- the SMTP server refuses the recipient while the worker delivers (the mailer marks the row
  failed with a 5xx error); `sync_mission_deliveries()` finds those and counts them;
- a delivery status notification (DSN) arrives later by mail; pipe it into
  `manage.py campaigns_bounce` (e.g. from the MTA's bounce address), which calls
  `record_dsn()`.
"""

import re
from email import message_from_bytes
from email.policy import default as default_policy

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mailer.addresses import normalise_email
from mailer.models import OutboundEmail

from . import conf
from .models import MissionAddress, MissionMessage

PERMANENT_SMTP_ERROR = re.compile(r"\(5\d\d,|\b5\d\d\b|\b5\.\d{1,3}\.\d{1,3}\b")

_OUTBOUND_TO_STATE = {
    OutboundEmail.Status.QUEUED: MissionMessage.State.QUEUED,
    OutboundEmail.Status.SENDING: MissionMessage.State.SENDING,
    OutboundEmail.Status.SENT: MissionMessage.State.SENT,
    OutboundEmail.Status.FAILED: MissionMessage.State.FAILED,
    OutboundEmail.Status.CANCELLED: MissionMessage.State.CANCELLED,
}


def is_mission_address(address: str) -> bool:
    from states.models import PermanentMission

    address = normalise_email(address)
    return (
        MissionMessage.objects.filter(address__iexact=address).exists()
        or PermanentMission.objects.filter(email__iexact=address).exists()
    )


def record_bounce(address: str, error: str = "", now=None) -> MissionAddress | None:
    """Count one bounce for a mission address; pause it at the threshold. None for an address
    that is not a mission's (bounces of supporters' addresses are not tracked here)."""
    now = now or timezone.now()
    address = normalise_email(address)
    if not address or not is_mission_address(address):
        return None
    with transaction.atomic():
        health, _ = MissionAddress.objects.get_or_create(address=address)
        MissionAddress.objects.filter(pk=health.pk).update(
            bounce_count=F("bounce_count") + 1, last_bounce_at=now, last_error=error[:2000]
        )
        health.refresh_from_db()
        if health.paused_at is None and health.bounce_count >= conf.get("CAMPAIGNS_BOUNCE_PAUSE_THRESHOLD"):
            MissionAddress.objects.filter(pk=health.pk, paused_at__isnull=True).update(paused_at=now)
            health.refresh_from_db()
            hold_queued(address)
    return health


def hold_queued(address: str) -> int:
    """Cancel the mailer rows still queued for a paused address and mark the messages held.
    A message already being sent is not interrupted."""
    held = 0
    messages = MissionMessage.objects.filter(
        address__iexact=address, state__in=[MissionMessage.State.QUEUED, MissionMessage.State.SENDING]
    )
    for message in messages.select_related("outbound"):
        cancelled = (
            OutboundEmail.objects.filter(pk=message.outbound_id, status=OutboundEmail.Status.QUEUED).update(
                status=OutboundEmail.Status.CANCELLED
            )
            if message.outbound_id
            else 0
        )
        if cancelled:
            MissionMessage.objects.filter(pk=message.pk).update(state=MissionMessage.State.PAUSED)
            held += 1
    return held


def resume(address: str, now=None) -> int:
    """Staff resume a paused address: reset its count and queue the held messages again."""
    from .services import requeue_held

    address = normalise_email(address)
    MissionAddress.objects.filter(address=address).update(paused_at=None, bounce_count=0)
    return requeue_held(address, now)


def sync_mission_deliveries(messages=None, now=None) -> dict:
    """Copy the mailer's outcome onto mission messages and count permanent failures as bounces.

    Run by the worker after each batch (campaigns.tasks), by `manage.py campaigns_sync` from
    cron, and when staff open the delivery page."""
    now = now or timezone.now()
    messages = messages if messages is not None else MissionMessage.objects.all()
    pending = messages.filter(
        state__in=[MissionMessage.State.QUEUED, MissionMessage.State.SENDING], outbound__isnull=False
    ).select_related("outbound")
    changed = bounced = 0
    for message in pending:
        new_state = _OUTBOUND_TO_STATE.get(message.outbound.status, message.state)
        updates = {}
        if new_state != message.state:
            updates["state"] = new_state
        if message.outbound.status == OutboundEmail.Status.FAILED:
            updates["last_error"] = message.outbound.last_error[:2000]
        if updates:
            MissionMessage.objects.filter(pk=message.pk).update(**updates)
            changed += 1
        if (
            message.outbound.status == OutboundEmail.Status.FAILED
            and not message.bounce_counted
            and PERMANENT_SMTP_ERROR.search(message.outbound.last_error or "")
        ) and MissionMessage.objects.filter(pk=message.pk, bounce_counted=False).update(bounce_counted=True):
            record_bounce(message.address, message.outbound.last_error, now)
            bounced += 1
    return {"changed": changed, "bounced": bounced}


def parse_dsn(raw: bytes) -> list[tuple[str, str]]:
    """(recipient, diagnostic) for each failed recipient of a delivery status notification
    (RFC 3464). Delayed or delivered reports are ignored."""
    message = message_from_bytes(raw, policy=default_policy)
    failures = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        if not isinstance(blocks, list):
            continue
        for block in blocks[1:]:
            if str(block.get("Action", "")).strip().lower() != "failed":
                continue
            recipient = str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
            recipient = recipient.split(";", 1)[-1].strip()
            diagnostic = " ".join(
                str(block.get(name, "")).strip() for name in ("Status", "Diagnostic-Code") if block.get(name)
            )
            if recipient:
                failures.append((recipient, diagnostic))
    return failures


def record_dsn(raw: bytes, now=None) -> list[MissionAddress]:
    recorded = []
    for recipient, diagnostic in parse_dsn(raw):
        health = record_bounce(recipient, diagnostic, now)
        if health is not None:
            recorded.append(health)
    return recorded
