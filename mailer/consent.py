"""Consent records: what someone agreed to when they gave us their address, for every form that
collects one (petitions, letters, the mailing list, follows by e-mail)."""

from .addresses import email_hash
from .models import ConsentRecord


def record_consent(
    email: str, purpose: str, reference: str, text: str, version: str, page: str
) -> ConsentRecord:
    return ConsentRecord.objects.create(
        email_hash=email_hash(email),
        purpose=purpose,
        reference=reference,
        text=str(text),
        version=version,
        page=page[:300],
    )


def confirm_consent(email_hash_value: str, purpose: str, reference: str, when) -> None:
    """The owner of the mailbox confirmed: stamp the consent they gave on the form."""
    ConsentRecord.objects.filter(
        email_hash=email_hash_value, purpose=purpose, reference=reference, confirmed_at__isnull=True
    ).update(confirmed_at=when)
