"""The one rule for personal data: every model that holds an address we collected from someone
outside the team is registered here, so that "what do you hold on me", the export and the
erasure each go through every one of them.

Each app declares its models in a `personal_data.py` module (found like `admin.py`), with
`register(Holding(...))`, or, for a model with an address that is not a person's (a mission's
office) or that people outside the team never give us (staff accounts), `exempt(label, reason)`.
`mailer/tests/test_personal_data.py` lists every installed model with an e-mail field or an
e-mail hash and fails for one that is neither registered nor exempted, so a new model cannot be
forgotten.

Erasure deletes every row of every holding (each holding may first undo what depends on its
rows: letters not yet sent to missions are cancelled), then adds the address's hash to the
suppression list (`mailer.addresses.suppress`), which blocks every later message to it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .addresses import email_hash, normalise_email, suppress


def iso(value):
    """A date or time as ISO text for an export (None stays None)."""
    return value.isoformat() if value else None


def _delete(rows: models.QuerySet) -> int:
    return rows.delete()[0]


@dataclass(frozen=True)
class Holding:
    """The rows of one model that hold one person's address.

    `rows(address, key)` gets the normalised address and its keyed hash and returns a queryset;
    `export(row)` a plain dict for the export; `erase(rows)` deletes them (returning how many)
    after undoing what must not outlive them. Holdings are erased in increasing `order`."""

    model: type[models.Model]
    section: str
    rows: Callable[[str, str], models.QuerySet]
    export: Callable[[models.Model], dict]
    erase: Callable[[models.QuerySet], int] = _delete
    order: int = 100

    @property
    def label(self) -> str:
        return self.model._meta.label


_holdings: dict[str, Holding] = {}
_exempt: dict[str, str] = {}
_discovered = False


def register(holding: Holding) -> None:
    _holdings[holding.section] = holding


def exempt(label: str, reason: str) -> None:
    """A model with an e-mail field that is not personal data we collected (say why)."""
    _exempt[label] = reason


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered = True


def holdings() -> list[Holding]:
    _discover()
    return sorted(_holdings.values(), key=lambda h: (h.order, h.section))


def exemptions() -> dict[str, str]:
    _discover()
    return dict(_exempt)


def _each(address: str):
    address = normalise_email(address)
    key = email_hash(address)
    for holding in holdings():
        yield holding, holding.rows(address, key)


def holds_data(address: str) -> bool:
    return any(rows.exists() for _holding, rows in _each(address))


def summary(address: str) -> dict[str, int]:
    """What we hold on an address: the number of rows per kind of record (0 included)."""
    return {holding.section: rows.count() for holding, rows in _each(address)}


def export_data(address: str) -> dict:
    """Everything held about an address, as plain data, one list per kind of record."""
    data = {"email": normalise_email(address), "exported_at": timezone.now().isoformat()}
    for holding, rows in _each(address):
        data[holding.section] = [holding.export(row) for row in rows.order_by("pk")]
    return data


def erase(address: str, reason: str = "erasure") -> dict[str, int]:
    """Delete every row about the address, in every app, and suppress it. Returns the number
    of rows deleted per kind of record."""
    with transaction.atomic():
        counts = {holding.section: holding.erase(rows) for holding, rows in _each(address)}
        suppress(address, reason)
    return counts


# --- The mailer's own records -------------------------------------------------------------------


def _register_mailer_records() -> None:
    from django.db.models import Q

    from .models import ConsentRecord, OutboundEmail

    register(
        Holding(
            model=ConsentRecord,
            section="consent_records",
            rows=lambda address, key: ConsentRecord.objects.filter(email_hash=key),
            export=lambda c: {
                "purpose": c.purpose,
                "reference": c.reference,
                "text": c.text,
                "version": c.version,
                "page": c.page,
                "given_at": iso(c.given_at),
                "confirmed_at": iso(c.confirmed_at),
            },
        )
    )
    register(
        Holding(
            model=OutboundEmail,
            section="emails",
            # Messages to the address, and letters sent on its behalf (it is their Reply-To).
            rows=lambda address, key: OutboundEmail.objects.filter(
                Q(to__iexact=address) | Q(reply_to__iexact=address)
            ),
            export=lambda e: {
                "category": e.category,
                "subject": e.subject,
                "to": e.to,
                "reply_to": e.reply_to,
                "status": e.status,
                "queued_at": iso(e.created_at),
                "sent_at": iso(e.sent_at),
            },
            order=900,  # last: the other apps' erasure first cancels what it had queued
        )
    )


_register_mailer_records()
exempt(
    "mailer.Suppression",
    "what an erasure leaves by design: the keyed hash of the address, so that it is never written "
    "to again (docs/security.md)",
)
