"""Sealed-box encryption of intake submissions (libsodium through PyNaCl).

A sealed box encrypts to a Curve25519 public key with a fresh ephemeral key pair per message,
so the server can encrypt but never decrypt: only the holder of the private key, kept offline,
can open what the form stored. Every plaintext is framed with its length and padded to a
multiple of PAD_BLOCK bytes before sealing, so ciphertext sizes say little about the content.
"""

import base64
import binascii
import hashlib
import logging
import os
import re
import struct
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

logger = logging.getLogger(__name__)

KEY_BYTES = 32
PAD_BLOCK = 1024
PUBLIC_KEY_VAR = "INTAKE_PUBLIC_KEY"
PRIVATE_KEY_VAR = "INTAKE_PRIVATE_KEY"
_ASSIGNMENT = re.compile(r"^(?:export\s+)?(?P<name>[A-Za-z0-9]*_[A-Za-z0-9_]*)\s*=\s*(?P<value>.*)$")


class IntakeKeyError(Exception):
    """A key that cannot be used; the message is safe to show to staff."""


class InvalidKey(IntakeKeyError):
    pass


class WrongKey(IntakeKeyError):
    pass


def encode_key(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _decode_key(text: str, what) -> bytes:
    try:
        raw = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidKey(what) from None
    if len(raw) != KEY_BYTES:
        raise InvalidKey(what)
    return raw


def generate_keypair() -> tuple[str, str]:
    """A new (public, private) key pair, base64-encoded."""
    private = PrivateKey.generate()
    return encode_key(bytes(private.public_key)), encode_key(bytes(private))


def parse_public_key(text: str) -> PublicKey:
    return PublicKey(_decode_key(text, _("This is not a valid intake public key.")))


def parse_private_key(text: str) -> PrivateKey:
    """A private key from what staff paste or keep in a key file: the bare base64 key, or the
    `INTAKE_PRIVATE_KEY=...` line that `manage.py intake keygen` prints (comments allowed)."""
    value = ""
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment:  # NAME=value; base64 never contains "_", so a bare key never matches
            if assignment["name"] == PRIVATE_KEY_VAR:
                value = assignment["value"]
                break
            continue
        value += line
    if not value.strip():
        raise InvalidKey(_("No private key was given."))
    return PrivateKey(_decode_key(value, _("This is not a valid intake private key.")))


def fingerprint(public_key: PublicKey) -> str:
    """A short, stable name for a public key: which private key opens a submission."""
    return hashlib.sha256(bytes(public_key)).hexdigest()[:16]


# --- The configured key -------------------------------------------------------------------------


def dev_key_dir() -> Path:
    return Path(settings.INTAKE_DEV_KEY_DIR)


def dev_private_key_path() -> Path:
    return dev_key_dir() / "private.key"


def using_development_key() -> bool:
    return not settings.INTAKE_PUBLIC_KEY


def _development_public_key() -> PublicKey:
    """Development only: a throw-away key pair under var/, created at first use."""
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured(f"{PUBLIC_KEY_VAR} must be set when ENDREPRISALS_ENV=production")
    directory = dev_key_dir()
    private_path = dev_private_key_path()
    if not private_path.exists():
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        public_b64, private_b64 = generate_keypair()
        try:
            fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process won the race; use its key
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(
                    "# DEVELOPMENT intake key: never use it for real submissions.\n"
                    f"{PUBLIC_KEY_VAR}={public_b64}\n{PRIVATE_KEY_VAR}={private_b64}\n"
                )
            logger.warning(
                "No %s is set: created a development intake key pair in %s", PUBLIC_KEY_VAR, directory
            )
    return parse_private_key(private_path.read_text()).public_key


def configured_public_key() -> PublicKey:
    if settings.INTAKE_PUBLIC_KEY:
        return parse_public_key(settings.INTAKE_PUBLIC_KEY)
    return _development_public_key()


# --- Sealing and opening ------------------------------------------------------------------------


def _pad(data: bytes) -> bytes:
    framed = struct.pack(">I", len(data)) + data
    return framed + b"\0" * (-len(framed) % PAD_BLOCK)


def _unpad(framed: bytes) -> bytes:
    (length,) = struct.unpack(">I", framed[:4])
    return framed[4 : 4 + length]


def seal(data: bytes, public_key: PublicKey) -> bytes:
    return SealedBox(public_key).encrypt(_pad(data))


def open_sealed(ciphertext: bytes, private_key: PrivateKey) -> bytes:
    try:
        return _unpad(SealedBox(private_key).decrypt(bytes(ciphertext)))
    except (CryptoError, struct.error):
        raise WrongKey(_("This private key cannot decrypt this submission.")) from None


def check_key_matches(private_key: PrivateKey, key_fingerprint: str) -> None:
    """Fail early, with a clear message, when staff use the key of another key pair."""
    if key_fingerprint and fingerprint(private_key.public_key) != key_fingerprint:
        raise WrongKey(
            _(
                "This private key does not belong to the public key this submission was "
                "encrypted to (key %(fingerprint)s)."
            )
            % {"fingerprint": key_fingerprint}
        )
