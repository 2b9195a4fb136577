"""E-mail addresses: normalisation, keyed hashes, and the suppression list.

The hash is an HMAC-SHA256 of the normalised address under `CAMPAIGNS_HASH_KEY` (or a key
derived from SECRET_KEY). It detects duplicates (one signature per address), finds a supporter's
rows for an export or an erasure, and is all that remains of an erased supporter.
"""

import hashlib
import hmac
import unicodedata

from django.conf import settings

from . import conf


def normalise_email(address: str) -> str:
    """Trim, Unicode-normalise (NFKC) and lower-case the whole address.

    Local parts are case-sensitive in theory; no mail provider treats them so, and treating
    `Ana@x.org` and `ana@x.org` as two people would let anyone sign twice. Dots and `+tags` are
    kept: they are distinct mailboxes at most providers.
    """
    return unicodedata.normalize("NFKC", (address or "").strip()).lower()


def _key() -> bytes:
    key = conf.get("CAMPAIGNS_HASH_KEY")
    if key:
        return key.encode()
    return hashlib.sha256(b"campaigns.email-hash:" + settings.SECRET_KEY.encode()).digest()


def email_hash(address: str) -> str:
    return hmac.new(_key(), normalise_email(address).encode(), hashlib.sha256).hexdigest()


def keyed_hash(purpose: str, value: str) -> str:
    """A keyed hash of any value for a given purpose (e.g. a network address and a day)."""
    return hmac.new(_key(), f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()


def is_suppressed(address: str) -> bool:
    from .models import Suppression

    return Suppression.objects.filter(email_hash=email_hash(address)).exists()
