"""E-mail addresses of people outside the team: normalisation, keyed hashes, suppression.

Every app that collects an address (petition signatures, letters, the mailing list, follows by
e-mail) stores its keyed hash beside it, so that duplicates, an export and an erasure find every
row, and so that an erased person leaves nothing behind but a `Suppression` hash, which
`mailer.services.queue_email` checks before it queues any message.

The hash is an HMAC-SHA256 of the normalised address under `EMAIL_HASH_KEY` (its former name
`CAMPAIGNS_HASH_KEY` is still read), or, when neither is set, a key derived from SECRET_KEY. The
derivation is unchanged since the campaigns app introduced it, so existing hashes stay valid.
"""

import hashlib
import hmac
import unicodedata

from django.conf import settings

from endreprisals.env import env_str


def normalise_email(address: str) -> str:
    """Trim, Unicode-normalise (NFKC) and lower-case the whole address.

    Local parts are case-sensitive in theory; no mail provider treats them so, and treating
    `Ana@x.org` and `ana@x.org` as two people would let anyone sign twice (or escape an
    erasure). Dots and `+tags` are kept: they are distinct mailboxes at most providers.
    """
    return unicodedata.normalize("NFKC", (address or "").strip()).lower()


def _configured_key() -> str:
    for name in ("EMAIL_HASH_KEY", "CAMPAIGNS_HASH_KEY"):
        value = getattr(settings, name, None) or env_str(name)
        if value:
            return value
    return ""


def _key() -> bytes:
    key = _configured_key()
    if key:
        return key.encode()
    return hashlib.sha256(b"campaigns.email-hash:" + settings.SECRET_KEY.encode()).digest()


def email_hash(address: str) -> str:
    return hmac.new(_key(), normalise_email(address).encode(), hashlib.sha256).hexdigest()


def keyed_hash(purpose: str, value: str) -> str:
    """A keyed hash of any value for a given purpose (e.g. a network and a day)."""
    return hmac.new(_key(), f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()


def is_suppressed(*addresses: str) -> bool:
    """True when any of the (non-empty) addresses is on the suppression list."""
    from .models import Suppression

    hashes = [email_hash(a) for a in addresses if a]
    return bool(hashes) and Suppression.objects.filter(email_hash__in=hashes).exists()


def suppress(address: str, reason: str = "erasure") -> None:
    from .models import Suppression

    Suppression.objects.get_or_create(email_hash=email_hash(address), defaults={"reason": reason})
