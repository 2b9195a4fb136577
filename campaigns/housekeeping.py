"""Periodic clean-up (`manage.py campaigns_housekeeping`): keep as little as possible, as
briefly as possible."""

import datetime

from django.db import transaction
from django.utils import timezone

from mailer.models import ConsentRecord, OutboundEmail

from . import conf
from .bounces import sync_mission_deliveries
from .models import (
    ActionSubmission,
    DataRequest,
    MailingDelivery,
    MissionMessage,
    RateLimitHit,
    Signature,
    Subscription,
)


def run(now=None) -> dict:
    now = now or timezone.now()
    result = {"deliveries": sync_mission_deliveries(now=now)}
    expired = now - datetime.timedelta(days=conf.get("CAMPAIGNS_CONFIRM_DAYS"))
    with transaction.atomic():
        hashes = set()
        for model in (Signature, ActionSubmission, Subscription):
            stale = model.objects.filter(status="pending", created_at__lt=expired)
            hashes.update(stale.values_list("email_hash", flat=True))
            result[f"expired {model._meta.verbose_name_plural}"] = stale.delete()[0]
        result["expired consent records"] = ConsentRecord.objects.filter(
            email_hash__in=hashes, confirmed_at__isnull=True, given_at__lt=expired
        ).delete()[0]
        result["expired data requests"] = DataRequest.objects.filter(created_at__lt=expired).delete()[0]
    window = datetime.timedelta(seconds=conf.get("CAMPAIGNS_RATE_LIMIT_WINDOW"))
    result["rate-limit rows"] = RateLimitHit.objects.filter(window_start__lt=now - window).delete()[0]
    old = OutboundEmail.objects.filter(
        category__startswith="campaigns.",
        created_at__lt=now - datetime.timedelta(days=conf.get("CAMPAIGNS_MAIL_RETENTION_DAYS")),
        status__in=[OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED, OutboundEmail.Status.CANCELLED],
    )
    ids = list(old.values_list("pk", flat=True))
    MissionMessage.objects.filter(outbound_id__in=ids).update(outbound=None)
    for delivery in MailingDelivery.objects.filter(outbound_id__in=ids).select_related("outbound"):
        MailingDelivery.objects.filter(pk=delivery.pk).update(state=delivery.outbound.status, outbound=None)
    result["old campaign e-mails"] = OutboundEmail.objects.filter(pk__in=ids).delete()[0]
    return result
