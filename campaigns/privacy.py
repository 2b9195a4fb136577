"""A supporter's rights over their data: export (sent to the address itself) and erasure.

Everything we hold about an address is found by its keyed hash (and, for the mailer's rows,
by the address). Erasure deletes all of it — signatures, letters, subscriptions, consent
records, queued and sent e-mails to or on behalf of the address — and keeps only a
`Suppression` row holding the hash, which blocks every future message to that address. Messages
to missions keep an anonymous row (State, date, delivery state) so campaign counts stay true.
"""

import json

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mailer.models import OutboundEmail

from .bounces import sync_mission_deliveries
from .hashing import email_hash, is_suppressed, normalise_email
from .models import (
    ActionSubmission,
    ConsentRecord,
    DataRequest,
    MissionMessage,
    Signature,
    Subscription,
    Suppression,
)
from .services import queue_to_supporter, site_url


def _iso(value):
    return value.isoformat() if value else None


def _outbound_for(address: str):
    address = normalise_email(address)
    return OutboundEmail.objects.filter(Q(to__iexact=address) | Q(reply_to__iexact=address))


def holds_data(address: str) -> bool:
    key = email_hash(address)
    return (
        Signature.objects.filter(email_hash=key).exists()
        or ActionSubmission.objects.filter(email_hash=key).exists()
        or Subscription.objects.filter(email_hash=key).exists()
        or ConsentRecord.objects.filter(email_hash=key).exists()
    )


def export_data(address: str) -> dict:
    """Everything held about an address, as plain data."""
    key = email_hash(address)
    signatures = Signature.objects.filter(email_hash=key).select_related("petition__campaign", "country")
    submissions = ActionSubmission.objects.filter(email_hash=key).select_related(
        "action__campaign", "country"
    )
    subscriptions = Subscription.objects.filter(email_hash=key).select_related("mailing_list")
    return {
        "email": normalise_email(address),
        "exported_at": timezone.now().isoformat(),
        "petition_signatures": [
            {
                "petition": s.petition.title,
                "campaign": s.petition.campaign.title,
                "name": s.name,
                "email": s.email,
                "country": s.country.name if s.country_id else None,
                "status": s.status,
                "signed_at": _iso(s.created_at),
                "confirmed_at": _iso(s.confirmed_at),
                "reminded_at": _iso(s.reminded_at),
            }
            for s in signatures
        ],
        "letters_to_missions": [
            {
                "action": sub.action.title,
                "campaign": sub.action.campaign.title,
                "name": sub.name,
                "email": sub.email,
                "country": sub.country.name if sub.country_id else None,
                "letter": sub.letter_body,
                "states": [c.name for c in sub.targets.order_by("name")],
                "status": sub.status,
                "submitted_at": _iso(sub.created_at),
                "confirmed_at": _iso(sub.confirmed_at),
                "messages": [
                    {"state": m.country.name, "delivery": m.state, "not_before": _iso(m.not_before)}
                    for m in sub.messages.select_related("country").order_by("country__name")
                ],
                "replies_you_reported": [
                    {"state": r.country.name, "received_on": _iso(r.received_on), "summary": r.summary}
                    for r in sub.reported_replies.select_related("country")
                ],
            }
            for sub in submissions
        ],
        "mailing_lists": [
            {
                "list": s.mailing_list.name,
                "email": s.email,
                "status": s.status,
                "subscribed_at": _iso(s.created_at),
                "confirmed_at": _iso(s.confirmed_at),
                "unsubscribed_at": _iso(s.unsubscribed_at),
            }
            for s in subscriptions
        ],
        "consent_records": [
            {
                "purpose": c.purpose,
                "reference": c.reference,
                "text": c.text,
                "version": c.version,
                "page": c.page,
                "given_at": _iso(c.given_at),
                "confirmed_at": _iso(c.confirmed_at),
            }
            for c in ConsentRecord.objects.filter(email_hash=key).order_by("given_at")
        ],
        "emails": [
            {
                "category": e.category,
                "subject": e.subject,
                "to": e.to,
                "reply_to": e.reply_to,
                "status": e.status,
                "queued_at": _iso(e.created_at),
                "sent_at": _iso(e.sent_at),
            }
            for e in _outbound_for(address).order_by("created_at")
        ],
    }


def request_export(address: str) -> bool:
    """Queue the export to the address itself (at most one per hour); nothing when we hold
    nothing about it or it is suppressed. The page answers the same either way."""
    if is_suppressed(address) or not holds_data(address):
        return False
    data = export_data(address)
    queue_to_supporter(
        "data_export",
        to=address.strip(),
        context={"data_json": json.dumps(data, indent=2, ensure_ascii=False)},
        category="campaigns.privacy",
        dedupe_key=f"export:{email_hash(address)}:{timezone.now():%Y-%m-%dT%H}",
    )
    return True


def request_erasure(address: str) -> DataRequest | None:
    """Queue a confirmation link for erasing the address's data (only the mailbox's owner can
    erase it). Nothing happens when we hold nothing about the address."""
    if is_suppressed(address) or not holds_data(address):
        return None
    key = email_hash(address)
    request = DataRequest.objects.filter(email_hash=key, kind=DataRequest.Kind.ERASURE).first()
    if request is None:
        request = DataRequest.objects.create(email=address.strip(), email_hash=key)
    queue_to_supporter(
        "erasure_confirm",
        to=request.email,
        context={"confirm_url": site_url(reverse("campaigns:confirm-erasure", args=[request.token]))},
        category="campaigns.privacy",
        dedupe_key=f"erasure-confirm:{request.pk}:{timezone.now():%Y-%m-%d}",
    )
    return request


def erase(address: str) -> dict:
    """Delete every row about the address and add it (hashed) to the suppression list."""
    key = email_hash(address)
    address = normalise_email(address)
    with transaction.atomic():
        mine = MissionMessage.objects.filter(submission__email_hash=key)
        sync_mission_deliveries(mine)
        # Messages not yet sent to missions cannot be sent without the supporter's data.
        OutboundEmail.objects.filter(
            pk__in=mine.filter(outbound__isnull=False).values("outbound_id"),
            status=OutboundEmail.Status.QUEUED,
        ).update(status=OutboundEmail.Status.CANCELLED)
        mine.filter(state__in=[MissionMessage.State.QUEUED, MissionMessage.State.PAUSED]).update(
            state=MissionMessage.State.CANCELLED
        )
        counts = {
            "signatures": Signature.objects.filter(email_hash=key).delete()[0],
            "letters": ActionSubmission.objects.filter(email_hash=key).delete()[0],
            "subscriptions": Subscription.objects.filter(email_hash=key).delete()[0],
            "consent_records": ConsentRecord.objects.filter(email_hash=key).delete()[0],
            "requests": DataRequest.objects.filter(email_hash=key).delete()[0],
        }
        outbound_ids = list(_outbound_for(address).values_list("pk", flat=True))
        MissionMessage.objects.filter(outbound_id__in=outbound_ids).update(outbound=None)
        counts["emails"] = OutboundEmail.objects.filter(pk__in=outbound_ids).delete()[0]
        Suppression.objects.get_or_create(email_hash=key, defaults={"reason": "erasure"})
    return counts
