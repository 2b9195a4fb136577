"""A supporter's rights over their data, asked for on /campaigns/my-data/: export (sent to the
address itself) and erasure (after a confirmation link only the mailbox's owner receives).

What is held, exported and erased is the project's one registry of personal data
(`mailer.personal_data`): every app's records of the address, not only the campaigns app's.
Erasure keeps only a `mailer.Suppression` hash, which blocks every later message to the address.
"""

import json

from django.urls import reverse
from django.utils import timezone

from mailer import personal_data
from mailer.addresses import email_hash, is_suppressed

from .models import DataRequest
from .services import queue_to_supporter, site_url

holds_data = personal_data.holds_data
export_data = personal_data.export_data
erase = personal_data.erase


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
