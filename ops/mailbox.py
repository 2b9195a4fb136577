"""Outgoing mail kept locally by Django's file e-mail backend (EMAIL_BACKEND
django.core.mail.backends.filebased.EmailBackend, as `make run` sets it): one file per
connection under EMAIL_FILE_PATH, messages separated by a line of 79 dashes."""

from dataclasses import dataclass
from email import message_from_string
from email.policy import default as default_policy
from pathlib import Path

from django.conf import settings

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
SEPARATOR = "-" * 79


@dataclass
class KeptMessage:
    file: str
    subject: str
    to: str
    sender: str
    date: str
    body: str


def enabled() -> bool:
    return settings.EMAIL_BACKEND == FILE_BACKEND


def _body(message) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


def messages(limit: int = 200) -> list[KeptMessage]:
    """The newest kept messages first."""
    folder = Path(settings.EMAIL_FILE_PATH)
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        chunks = [c.strip("\n") for c in path.read_text(encoding="utf-8", errors="replace").split(SEPARATOR)]
        for chunk in reversed([c for c in chunks if c.strip()]):
            message = message_from_string(chunk, policy=default_policy)
            out.append(
                KeptMessage(
                    file=path.name,
                    subject=str(message.get("Subject", "")),
                    to=str(message.get("To", "")),
                    sender=str(message.get("From", "")),
                    date=str(message.get("Date", "")),
                    body=_body(message),
                )
            )
            if len(out) >= limit:
                return out
    return out
