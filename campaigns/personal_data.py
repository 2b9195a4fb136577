"""Supporters' records of the campaigns app, in the one registry of personal data
(mailer/personal_data.py): signatures, letters, mailing-list subscriptions, data requests."""

from mailer.models import OutboundEmail
from mailer.personal_data import Holding, exempt, iso, register

from .bounces import sync_mission_deliveries
from .models import ActionSubmission, DataRequest, MissionMessage, Signature, Subscription


def _signature(s: Signature) -> dict:
    return {
        "petition": s.petition.title,
        "campaign": s.petition.campaign.title,
        "name": s.name,
        "email": s.email,
        "country": s.country.name if s.country_id else None,
        "status": s.status,
        "signed_at": iso(s.created_at),
        "confirmed_at": iso(s.confirmed_at),
        "reminded_at": iso(s.reminded_at),
    }


def _letter(sub: ActionSubmission) -> dict:
    return {
        "action": sub.action.title,
        "campaign": sub.action.campaign.title,
        "name": sub.name,
        "email": sub.email,
        "country": sub.country.name if sub.country_id else None,
        "letter": sub.letter_body,
        "states": [c.name for c in sub.targets.order_by("name")],
        "status": sub.status,
        "submitted_at": iso(sub.created_at),
        "confirmed_at": iso(sub.confirmed_at),
        "messages": [
            {"state": m.country.name, "delivery": m.state, "not_before": iso(m.not_before)}
            for m in sub.messages.select_related("country").order_by("country__name")
        ],
        "replies_you_reported": [
            {"state": r.country.name, "received_on": iso(r.received_on), "summary": r.summary}
            for r in sub.reported_replies.select_related("country")
        ],
    }


def _erase_letters(rows) -> int:
    """Letters not yet sent to missions cannot be sent without the supporter's data: cancel
    them. The messages to missions stay, without the supporter, so campaign counts stay true."""
    mine = MissionMessage.objects.filter(submission__in=rows)
    sync_mission_deliveries(mine)
    OutboundEmail.objects.filter(
        pk__in=mine.filter(outbound__isnull=False).values("outbound_id"),
        status=OutboundEmail.Status.QUEUED,
    ).update(status=OutboundEmail.Status.CANCELLED)
    mine.filter(state__in=[MissionMessage.State.QUEUED, MissionMessage.State.PAUSED]).update(
        state=MissionMessage.State.CANCELLED
    )
    return rows.delete()[0]


register(
    Holding(
        model=Signature,
        section="petition_signatures",
        rows=lambda address, key: Signature.objects.filter(email_hash=key).select_related(
            "petition__campaign", "country"
        ),
        export=_signature,
    )
)
register(
    Holding(
        model=ActionSubmission,
        section="letters_to_missions",
        rows=lambda address, key: ActionSubmission.objects.filter(email_hash=key).select_related(
            "action__campaign", "country"
        ),
        export=_letter,
        erase=_erase_letters,
        order=10,
    )
)
register(
    Holding(
        model=Subscription,
        section="mailing_lists",
        rows=lambda address, key: Subscription.objects.filter(email_hash=key).select_related("mailing_list"),
        export=lambda s: {
            "list": s.mailing_list.name,
            "email": s.email,
            "status": s.status,
            "subscribed_at": iso(s.created_at),
            "confirmed_at": iso(s.confirmed_at),
            "unsubscribed_at": iso(s.unsubscribed_at),
        },
    )
)
register(
    Holding(
        model=DataRequest,
        section="data_requests",
        rows=lambda address, key: DataRequest.objects.filter(email_hash=key),
        export=lambda r: {"request": r.kind, "email": r.email, "asked_at": iso(r.created_at)},
    )
)

_MISSION = "a permanent mission's address (the supporter's letter is linked by `submission`, cut on erasure)"
exempt("campaigns.MissionMessage", _MISSION)
exempt("campaigns.MissionAddress", "the delivery health of a permanent mission's address, not a person's")
