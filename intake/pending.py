"""PDFs are cleaned by the worker, not in the request.

Rewriting a PDF without its metadata takes time in proportion to its pages (28 s for 66,000
pages inside a request, before this). The request now only checks what is cheap — the type, the
password, the page count the file declares (INTAKE_MAX_PDF_PAGES) — and keeps the file as a
PendingAttachment, encrypted with a key derived from SECRET_KEY (never stored in the database).
The worker decrypts it, rewrites it (intake/uploads.py:strip_pdf, which counts the real pages
too), seals the result to the intake public key as the Attachment at the reserved position, and
deletes the pending row.

A file the worker cannot rewrite (it passed the cheap checks but breaks, or has more real pages
than it declared) is not lost: it is sealed as received, under a name that tells staff it was
not cleaned, so they open it with care.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.views.decorators.debug import sensitive_variables
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

from . import crypto
from .models import Attachment, PendingAttachment
from .uploads import CleanFile, frame, strip_pdf, unframe

NOT_CLEANED_PREFIX = "NOT-CLEANED-"


def _box(secret: str) -> SecretBox:
    return SecretBox(hashlib.sha256(b"endreprisals intake pending attachment\0" + secret.encode()).digest())


@sensitive_variables()
def hold(upload: CleanFile) -> bytes:
    """The file as the pending row keeps it until the worker runs."""
    return _box(settings.SECRET_KEY).encrypt(frame(upload))


@sensitive_variables()
def _release(ciphertext: bytes) -> CleanFile:
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            return unframe(_box(secret).decrypt(bytes(ciphertext)))
        except CryptoError:
            continue
    raise CryptoError("no SECRET_KEY opens this pending attachment")


@sensitive_variables()
def clean_pending(pending_id: int) -> str:
    """Clean one pending PDF and seal it to the intake key. Returns what happened, for the
    task's result (no content, no name)."""
    with transaction.atomic():
        pending = (
            PendingAttachment.objects.select_for_update()
            .select_related("submission")
            .filter(pk=pending_id)
            .first()
        )
        if pending is None:
            return "already done"
        received = _release(pending.ciphertext)
        try:
            cleaned = CleanFile(received.name, received.content_type, strip_pdf(received.data, received.name))
            outcome = "cleaned"
        except ValidationError:
            cleaned = CleanFile(NOT_CLEANED_PREFIX + received.name, received.content_type, received.data)
            outcome = "kept as received"
        Attachment.objects.create(
            submission=pending.submission,
            position=pending.position,
            ciphertext=crypto.seal(frame(cleaned), crypto.configured_public_key()),
        )
        pending.delete()
    return outcome
