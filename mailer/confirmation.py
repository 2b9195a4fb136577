"""One confirmation path for every address we collect: petition signatures, letters to
missions, mailing-list subscriptions and follows by e-mail.

The same everywhere:
- **one token scheme**: the random 256-bit `token` of `mailer.models.CollectedAddress`, stored
  with the row (nothing to forge, nothing signed to leak a key);
- **one view** (`confirm`): the link opens a page with a button, only the POST confirms (mail
  scanners that prefetch links confirm nobody), an unknown token answers 404, an expired one
  410 with the way back to the form, an already confirmed one says so;
- the app's service does what confirming means for it (count the signature, queue the letters,
  start the digests) and stamps the consent record (`mailer.consent.confirm_consent`).

Each kind is a `Confirmable`; the apps' URL patterns route their (historical) confirmation
addresses to the one view with their kind, so links already in people's mailboxes keep working.
`mailer/tests/test_personal_data.py` checks every `CollectedAddress` model has a kind.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.db import models
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods


@dataclass(frozen=True)
class Confirmable:
    """How one kind of collected address is confirmed (see the module docstring)."""

    kind: str
    model: type[models.Model]
    valid_for: Callable[[], datetime.timedelta]
    confirm: Callable[[models.Model], bool]  # True when this call confirmed it
    page: Callable[[models.Model], dict]  # title, what, button; optionally targets
    done_url: Callable[[models.Model], str]  # where the button leads
    restart_url: Callable[[models.Model], str]  # the form to fill again after expiry
    thanks: str = ""  # shown once confirmed
    related: tuple[str, ...] = ()
    # Links mailed before the one token scheme (a token → the row, or None).
    legacy: Callable[[str], models.Model | None] | None = None

    def find(self, token: str):
        row = self.model.objects.filter(token=token).select_related(*self.related).first()
        if row is None and self.legacy is not None:
            row = self.legacy(token)
        return row

    def is_expired(self, row, now=None) -> bool:
        return row.confirmed_at is None and (now or timezone.now()) > row.created_at + self.valid_for()


_kinds: dict[str, Confirmable] = {}


def register(confirmable: Confirmable) -> Confirmable:
    _kinds[confirmable.kind] = confirmable
    return confirmable


def kinds() -> dict[str, Confirmable]:
    return dict(_kinds)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token, kind: Confirmable):
    """The one confirmation view (routed by each app with its kind)."""
    row = kind.find(token)
    if row is None:
        return render(request, "mailer/link_invalid.html", status=404)
    if kind.is_expired(row):
        return render(request, "mailer/link_expired.html", {"restart_url": kind.restart_url(row)}, status=410)
    if row.token != token:  # a legacy link: continue on the row's own address
        return redirect(request.path.replace(token, row.token))
    if request.method == "POST":
        if kind.confirm(row) and kind.thanks:
            messages.success(request, kind.thanks)
        return redirect(kind.done_url(row))
    context = {**kind.page(row), "done": row.confirmed_at is not None, "back_url": kind.done_url(row)}
    return render(request, "mailer/confirm.html", context)
