"""What supporters and staff do, as plain functions: sign, act, subscribe, confirm, unsubscribe,
count. Views stay thin and call these.

Every message goes through `mailer.services.queue_email` (never sent inside a request) and
never to an address on the suppression list. Responses to a supporter's submission are the
same whether the address is new, already used, or suppressed; only the mailbox's owner learns
which (from the e-mail they receive, if any), so a form cannot be used to find out whether
someone signed.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from mailer.addresses import email_hash, is_suppressed, normalise_email
from mailer.consent import confirm_consent, record_consent
from mailer.models import ConsentRecord, OutboundEmail
from mailer.services import queue_email
from states.models import PermanentMission, Sponsorship
from states.services import members_on, states_queryset

from . import conf, letters
from .models import (
    ActionSubmission,
    EmailAction,
    MissionAddress,
    MissionMessage,
    MissionReply,
    Petition,
    Signature,
    Subscription,
)
from .retry import retry_when_locked
from .throttle import reserve_slot

log = logging.getLogger(__name__)


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def _today_key(now=None) -> str:
    return (now or timezone.now()).strftime("%Y-%m-%d")


def confirm_deadline(created_at) -> datetime.datetime:
    return created_at + datetime.timedelta(days=conf.get("CAMPAIGNS_CONFIRM_DAYS"))


def queue_to_supporter(template: str, *, to: str, context: dict, category: str, dedupe_key: str, **kwargs):
    """Queue a message to a supporter (None when the address is suppressed: the mailer checks)."""
    return queue_email(
        f"campaigns/email/{template}",
        to=to,
        context=context,
        category=category,
        dedupe_key=dedupe_key,
        **kwargs,
    )


def _insert_or_get(model, lookup: dict, defaults: dict, then=None):
    """A supporter's row and whether this call created it: one per address, by the model's
    unique constraint on `lookup`.

    The insert comes first (a surge is mostly new addresses, so reading first would be a wasted
    query) in a savepoint, so that losing a race to a concurrent submission of the same address
    leaves the surrounding transaction usable for reading the winner's row. `then(row)` runs
    inside the savepoint, only for a new row."""
    try:
        with transaction.atomic():
            row = model.objects.create(**lookup, **defaults)
            if then:
                then(row)
        return row, True
    except IntegrityError:
        return model.objects.get(**lookup), False


# --- Petitions --------------------------------------------------------------------------------


def petition_reference(petition: Petition) -> str:
    return f"petition:{petition.campaign.slug}/{petition.slug}"


def petition_count(petition: Petition) -> int:
    """Confirmed signatures: a COUNT on the (petition, status) index, no shared counter row."""
    return Signature.objects.filter(petition=petition, status=Signature.Status.CONFIRMED).count()


@retry_when_locked
def sign_petition(petition: Petition, *, name: str, email: str, country, page: str) -> Signature | None:
    """Record a pending signature and queue its confirmation, once per address and petition.

    Safe under concurrent submissions of the same address: the database's unique constraint on
    (petition, email hash) lets one insert win; the others read the winner's row."""
    email = email.strip()
    if is_suppressed(email):
        return None
    signature, created = _insert_or_get(
        Signature,
        {"petition": petition, "email_hash": email_hash(email)},
        {"name": name.strip(), "email": email, "country": country},
    )
    context = {"petition": petition, "campaign": petition.campaign, "name": signature.name}
    if created:
        record_consent(
            email,
            ConsentRecord.Purpose.PETITION,
            petition_reference(petition),
            petition.consent_text,
            petition.consent_version,
            page,
        )
    if signature.status == Signature.Status.CONFIRMED:
        queue_to_supporter(
            "signature_already",
            to=signature.email,
            context={**context, "petition_url": site_url(petition.get_absolute_url())},
            category="campaigns.signature",
            dedupe_key=f"signature-already:{signature.pk}:{_today_key()}",
        )
    else:
        _send_signature_confirmation(
            signature,
            "signature_confirm",
            f"signature-confirm:{signature.pk}:{_today_key()}",
        )
    return signature


def _send_signature_confirmation(signature: Signature, template: str, dedupe_key: str):
    from django.urls import reverse

    petition = signature.petition
    return queue_to_supporter(
        template,
        to=signature.email,
        context={
            "petition": petition,
            "campaign": petition.campaign,
            "name": signature.name,
            "confirm_url": site_url(reverse("campaigns:confirm-signature", args=[signature.token])),
            "deadline": confirm_deadline(signature.created_at),
        },
        category="campaigns.signature",
        dedupe_key=dedupe_key,
    )


def confirm_signature(signature: Signature, now=None) -> bool:
    """Confirm a pending signature; False if it was already confirmed."""
    now = now or timezone.now()
    with transaction.atomic():
        done = Signature.objects.filter(pk=signature.pk, status=Signature.Status.PENDING).update(
            status=Signature.Status.CONFIRMED, confirmed_at=now
        )
        if done:
            confirm_consent(
                signature.email_hash,
                ConsentRecord.Purpose.PETITION,
                petition_reference(signature.petition),
                now,
            )
    signature.refresh_from_db()
    return bool(done)


def send_reminders(now=None) -> int:
    """Remind each unconfirmed signer once, after CAMPAIGNS_REMINDER_AFTER_HOURS, while their
    link is still valid. Claim-once: the reminder is queued only by whoever sets reminded_at."""
    now = now or timezone.now()
    due = now - datetime.timedelta(hours=conf.get("CAMPAIGNS_REMINDER_AFTER_HOURS"))
    oldest = now - datetime.timedelta(days=conf.get("CAMPAIGNS_CONFIRM_DAYS"))
    sent = 0
    candidates = Signature.objects.filter(
        status=Signature.Status.PENDING, reminded_at__isnull=True, created_at__lte=due, created_at__gt=oldest
    ).select_related("petition__campaign")
    for signature in candidates.iterator():
        with transaction.atomic():
            claimed = Signature.objects.filter(pk=signature.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed and _send_signature_confirmation(
                signature, "signature_reminder", f"signature-reminder:{signature.pk}"
            ):
                sent += 1
    return sent


# --- E-mail actions ---------------------------------------------------------------------------


def action_reference(action: EmailAction) -> str:
    return f"action:{action.campaign.slug}/{action.slug}"


def co_sponsor_ids(action: EmailAction) -> set[int]:
    sponsorships = Sponsorship.objects.all()
    if action.resolution_id:
        sponsorships = sponsorships.filter(resolution_id=action.resolution_id)
    else:
        sponsorships = sponsorships.filter(resolution__on_reprisals=True)
    return set(sponsorships.values_list("country_id", flat=True))


@dataclass
class TargetFilters:
    region: str = ""
    council_only: bool = False
    cosponsors_only: bool = True


@dataclass
class Target:
    state: object
    mission: PermanentMission | None
    is_cosponsor: bool
    on_council: bool
    paused: bool

    @property
    def address(self) -> str:
        return self.mission.email if self.mission else ""

    @property
    def sendable(self) -> bool:
        return bool(self.address) and not self.paused


def targets_for(action: EmailAction, filters: TargetFilters) -> list[Target]:
    """States the picker lists, with their mission in the action's city (if recorded)."""
    sponsors = co_sponsor_ids(action)
    council = set(members_on(timezone.localdate()).values_list("pk", flat=True))
    states = states_queryset().order_by("name")
    if filters.region:
        states = states.filter(region=filters.region)
    if filters.council_only:
        states = states.filter(pk__in=council)
    if filters.cosponsors_only:
        states = states.filter(pk__in=sponsors)
    states = list(states)
    missions = {
        m.country_id: m
        for m in PermanentMission.objects.filter(country__in=states, city=action.city).select_related(
            "country"
        )
    }
    paused = set(MissionAddress.objects.filter(paused_at__isnull=False).values_list("address", flat=True))
    return [
        Target(
            state=state,
            mission=missions.get(state.pk),
            is_cosponsor=state.pk in sponsors,
            on_council=state.pk in council,
            paused=bool(missions.get(state.pk)) and normalise_email(missions[state.pk].email) in paused,
        )
        for state in states
    ]


@retry_when_locked
def start_action(
    action: EmailAction, *, name: str, email: str, country, letter_body: str, targets, page: str
) -> ActionSubmission | None:
    """Record a supporter's letter (pending) and queue the confirmation; once per address."""
    email = email.strip()
    if is_suppressed(email):
        return None
    submission, created = _insert_or_get(
        ActionSubmission,
        {"action": action, "email_hash": email_hash(email)},
        {
            "name": name.strip(),
            "email": email,
            "country": country,
            "letter_body": letter_body.strip(),
            "personalised": not letters.is_template_text(action, letter_body),
        },
        then=lambda submission: submission.targets.set(targets),
    )
    if created:
        record_consent(
            email,
            ConsentRecord.Purpose.ACTION,
            action_reference(action),
            action.consent_text,
            action.consent_version,
            page,
        )
    context = {"action": action, "campaign": action.campaign, "name": submission.name}
    if submission.status == ActionSubmission.Status.CONFIRMED:
        from django.urls import reverse

        queue_to_supporter(
            "action_already",
            to=submission.email,
            context={
                **context,
                "status_url": site_url(reverse("campaigns:action-status", args=[submission.token])),
            },
            category="campaigns.action",
            dedupe_key=f"action-already:{submission.pk}:{_today_key()}",
        )
    else:
        _send_action_confirmation(submission)  # its address was checked above
    return submission


def _send_action_confirmation(submission: ActionSubmission):
    from django.urls import reverse

    action = submission.action
    targets = list(submission.targets.order_by("name"))
    return queue_to_supporter(
        "action_confirm",
        to=submission.email,
        context={
            "action": action,
            "campaign": action.campaign,
            "name": submission.name,
            "targets": targets,
            "confirm_url": site_url(reverse("campaigns:confirm-action", args=[submission.token])),
            "deadline": confirm_deadline(submission.created_at),
        },
        category="campaigns.action",
        dedupe_key=f"action-confirm:{submission.pk}:{_today_key()}",
    )


def preview_letter(action: EmailAction, *, state, body: str, name: str, supporter_country: str, mission=None):
    return letters.compose(
        action,
        state,
        body=body,
        name=name or "…",
        supporter_country=supporter_country,
        cases=letters.letter_cases(action),
        mission=mission,
    )


def confirm_action(submission: ActionSubmission, now=None) -> bool:
    """Confirm a pending letter and queue one message per mission; False if already done."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = ActionSubmission.objects.filter(
            pk=submission.pk, status=ActionSubmission.Status.PENDING
        ).update(status=ActionSubmission.Status.CONFIRMED, confirmed_at=now)
        if not claimed:
            return False
        submission.refresh_from_db()
        confirm_consent(
            submission.email_hash, ConsentRecord.Purpose.ACTION, action_reference(submission.action), now
        )
        queue_mission_messages(submission, now)
    from .tasks import schedule_sync

    schedule_sync(submission)
    return True


def queue_mission_messages(submission: ActionSubmission, now=None) -> list[MissionMessage]:
    """One message per target State: queued with a throttled not_before, or recorded as
    skipped (no known address) or held (address paused after bounces)."""
    now = now or timezone.now()
    action = submission.action
    cases = letters.letter_cases(action)
    raisers: dict[int, set[int]] = {}
    missions = {
        m.country_id: m
        for m in PermanentMission.objects.filter(country__in=submission.targets.all(), city=action.city)
    }
    paused = set(MissionAddress.objects.filter(paused_at__isnull=False).values_list("address", flat=True))
    supporter_country = submission.country.name if submission.country_id else ""
    messages = []
    with transaction.atomic():
        for state in submission.targets.order_by("name"):
            mission = missions.get(state.pk)
            letter = letters.compose(
                action,
                state,
                body=submission.letter_body,
                name=submission.name,
                supporter_country=supporter_country,
                cases=cases,
                raisers=raisers,
                mission=mission,
            )
            message = MissionMessage(
                action=action, submission=submission, country=state, mission=mission, variant=letter.variant
            )
            if mission is None or not mission.email:
                message.state = MissionMessage.State.NO_ADDRESS
            elif normalise_email(mission.email) in paused:
                message.address = mission.email
                message.state = MissionMessage.State.PAUSED
            else:
                message.address = mission.email
                message.not_before = reserve_slot(mission, now)
                message.outbound = _queue_letter(submission, letter, mission.email, message.not_before, now)
                if message.outbound is None:  # the supporter's address is suppressed
                    message.state = MissionMessage.State.CANCELLED
            message.save()
            messages.append(message)
    return messages


def _queue_letter(submission: ActionSubmission, letter, address: str, not_before, now, attempt: int = 0):
    key = f"mission:{submission.pk}:{letter.state.pk}" + (f":{attempt}" if attempt else "")
    return queue_email(
        "campaigns/email/mission_letter",
        to=address,
        reply_to=submission.email,
        context={"subject": letter.subject, "letter": letter.text, "action": submission.action},
        category="campaigns.mission",
        dedupe_key=key,
        not_before=not_before if not_before > now else None,
        language="en",
    )


def requeue_held(address: str, now=None) -> int:
    """Queue again the messages held for an address that staff resumed."""
    now = now or timezone.now()
    count = 0
    held = MissionMessage.objects.filter(
        address__iexact=address, state=MissionMessage.State.PAUSED, submission__isnull=False
    ).select_related("submission__action__campaign", "submission__country", "mission", "country")
    for message in held:
        submission = message.submission
        if message.mission is None or not message.mission.email:
            continue
        letter = letters.compose(
            submission.action,
            message.country,
            body=submission.letter_body,
            name=submission.name,
            supporter_country=submission.country.name if submission.country_id else "",
            cases=letters.letter_cases(submission.action),
            mission=message.mission,
        )
        with transaction.atomic():
            message.not_before = reserve_slot(message.mission, now)
            message.outbound = _queue_letter(
                submission,
                letter,
                message.mission.email,
                message.not_before,
                now,
                attempt=int(now.timestamp()),
            )
            message.address = message.mission.email
            message.state = (
                MissionMessage.State.QUEUED if message.outbound else MissionMessage.State.CANCELLED
            )
            message.save()
        count += bool(message.outbound)
    return count


def message_status(message: MissionMessage) -> str:
    """The live delivery state: the mailer's row while it exists, else what we recorded."""
    if message.outbound_id and message.state in (MissionMessage.State.QUEUED, MissionMessage.State.SENDING):
        return message.outbound.status
    return message.state


def report_reply(submission: ActionSubmission, *, country, received_on, summary: str) -> MissionReply:
    return MissionReply.objects.create(
        action=submission.action,
        country=country,
        received_on=received_on,
        summary=summary.strip(),
        source=MissionReply.Source.SUPPORTER,
        submission=submission,
    )


# --- Counts shown on public pages (numbers only, never people) --------------------------------


def _delivered_q() -> Q:
    return Q(state=MissionMessage.State.SENT) | Q(
        state__in=[MissionMessage.State.QUEUED, MissionMessage.State.SENDING],
        outbound__status=OutboundEmail.Status.SENT,
    )


def action_counts(action: EmailAction) -> dict:
    messages = MissionMessage.objects.filter(action=action)
    return {
        "supporters": ActionSubmission.objects.filter(
            action=action, status=ActionSubmission.Status.CONFIRMED
        ).count(),
        "delivered": messages.filter(_delivered_q()).count(),
        "missions_written": messages.filter(_delivered_q()).values("country").distinct().count(),
        "missions_answered": MissionReply.objects.filter(action=action, verified=True)
        .values("country")
        .distinct()
        .count(),
    }


def _empty_row(name: str) -> dict:
    return {
        "state": name,
        "queued": 0,
        "sent": 0,
        "failed": 0,
        "no_address": 0,
        "paused": 0,
        "cancelled": 0,
        "replies": 0,
        "replies_unchecked": 0,
        "next_slot": None,
    }


def counts_per_state(action: EmailAction) -> list[dict]:
    """For staff: per State, messages by delivery state, replies, and the mission's next free
    delivery slot (how far its queue reaches under the throttle)."""
    rows: dict[int, dict] = {}
    messages = (
        MissionMessage.objects.filter(action=action)
        .values("country_id", "country__name", "state", "outbound__status")
        .annotate(n=Count("pk"))
    )
    for row in messages:
        entry = rows.setdefault(row["country_id"], _empty_row(row["country__name"]))
        status = row["state"]
        if status in (MissionMessage.State.QUEUED, MissionMessage.State.SENDING) and row["outbound__status"]:
            status = row["outbound__status"]
        bucket = {"sending": "queued"}.get(status, status)
        entry[bucket] = entry.get(bucket, 0) + row["n"]
    replies = (
        MissionReply.objects.filter(action=action)
        .values("country_id", "country__name", "verified")
        .annotate(n=Count("pk"))
    )
    for row in replies:
        entry = rows.setdefault(row["country_id"], _empty_row(row["country__name"]))
        entry["replies" if row["verified"] else "replies_unchecked"] += row["n"]
    from .models import MissionSchedule

    now = timezone.now()
    for country_id, next_slot in MissionSchedule.objects.filter(
        mission__country_id__in=rows, mission__city=action.city, next_slot__gt=now
    ).values_list("mission__country_id", "next_slot"):
        rows[country_id]["next_slot"] = next_slot
    return sorted(rows.values(), key=lambda r: r["state"])


def delivery_failures(action: EmailAction):
    return (
        MissionMessage.objects.filter(action=action)
        .filter(
            Q(state=MissionMessage.State.FAILED)
            | Q(state=MissionMessage.State.PAUSED)
            | Q(outbound__status=OutboundEmail.Status.FAILED)
        )
        .select_related("country", "outbound", "mission")
        .order_by("-created_at")
    )


def campaign_counts(campaign) -> dict:
    actions = list(campaign.email_actions.all())
    totals = {"supporters": 0, "delivered": 0, "missions_written": 0, "missions_answered": 0}
    for action in actions:
        for key, value in action_counts(action).items():
            totals[key] += value
    totals["signatures"] = sum(petition_count(p) for p in campaign.petitions.all())
    return totals


# --- Mailing list -----------------------------------------------------------------------------


def list_reference(mailing_list) -> str:
    return f"mailing_list:{mailing_list.slug}"


@retry_when_locked
def subscribe(mailing_list, *, email: str, page: str) -> Subscription | None:
    email = email.strip()
    if is_suppressed(email):
        return None
    subscription, created = _insert_or_get(
        Subscription, {"mailing_list": mailing_list, "email_hash": email_hash(email)}, {"email": email}
    )
    if subscription.status == Subscription.Status.CONFIRMED:
        return subscription  # nothing to do; no message either (the list is not a probe)
    if subscription.status == Subscription.Status.UNSUBSCRIBED:
        # A new request: a new confirmation, valid from now.
        Subscription.objects.filter(pk=subscription.pk).update(
            status=Subscription.Status.PENDING,
            unsubscribed_at=None,
            confirmed_at=None,
            created_at=timezone.now(),
        )
        subscription.refresh_from_db()
        created = True
    if created:
        record_consent(
            email,
            ConsentRecord.Purpose.MAILING_LIST,
            list_reference(mailing_list),
            mailing_list.consent_text,
            mailing_list.consent_version,
            page,
        )
    from django.urls import reverse

    queue_to_supporter(
        "subscription_confirm",
        to=subscription.email,
        context={
            "mailing_list": mailing_list,
            "confirm_url": site_url(reverse("campaigns:confirm-subscription", args=[subscription.token])),
            "deadline": confirm_deadline(subscription.created_at),
        },
        category="campaigns.subscription",
        dedupe_key=f"subscription-confirm:{subscription.pk}:{_today_key()}",
    )
    return subscription


def confirm_subscription(subscription: Subscription, now=None) -> bool:
    now = now or timezone.now()
    with transaction.atomic():
        done = Subscription.objects.filter(pk=subscription.pk, status=Subscription.Status.PENDING).update(
            status=Subscription.Status.CONFIRMED, confirmed_at=now
        )
        if done:
            confirm_consent(
                subscription.email_hash,
                ConsentRecord.Purpose.MAILING_LIST,
                list_reference(subscription.mailing_list),
                now,
            )
    subscription.refresh_from_db()
    return bool(done)


def unsubscribe(subscription: Subscription, now=None) -> bool:
    """Stop every message to this subscription, including mailings still queued."""
    now = now or timezone.now()
    with transaction.atomic():
        done = (
            Subscription.objects.filter(pk=subscription.pk)
            .exclude(status=Subscription.Status.UNSUBSCRIBED)
            .update(status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=now)
        )
        OutboundEmail.objects.filter(
            pk__in=subscription.deliveries.values("outbound_id"), status=OutboundEmail.Status.QUEUED
        ).update(status=OutboundEmail.Status.CANCELLED)
    subscription.refresh_from_db()
    return bool(done)


def unsubscribe_headers(subscription: Subscription) -> dict:
    """RFC 2369 and RFC 8058 headers: mail programs offer a one-click unsubscribe button that
    POSTs to the link; the same link opened in a browser shows a page with a button."""
    from django.urls import reverse

    url = site_url(reverse("campaigns:unsubscribe", args=[subscription.token]))
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
