"""The campaigns app's kinds of confirmation, on the one confirmation path (mailer.confirmation):
a petition signature, a letter to missions, a mailing-list subscription."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mailer.confirmation import Confirmable, register

from . import conf, services
from .models import ActionSubmission, Signature, Subscription


def _valid_for() -> datetime.timedelta:
    return datetime.timedelta(days=conf.get("CAMPAIGNS_CONFIRM_DAYS"))


def _signature_page(signature: Signature) -> dict:
    return {
        "title": _("Confirm your signature"),
        "what": _("your signature on the petition “%(title)s”") % {"title": signature.petition.title},
        "button": _("Confirm my signature"),
    }


def _letter_page(submission: ActionSubmission) -> dict:
    targets = [state.name for state in submission.targets.order_by("name")]
    return {
        "title": _("Confirm your letter"),
        "what": _("your letter for “%(title)s” to %(n)d State(s)")
        % {"title": submission.action.title, "n": len(targets)},
        "button": _("Confirm and send my letter"),
        "targets": targets,
        "targets_label": _("States your letter goes to"),
    }


def _subscription_page(subscription: Subscription) -> dict:
    return {
        "title": _("Confirm your subscription"),
        "what": _("your subscription to “%(name)s”") % {"name": subscription.mailing_list.name},
        "button": _("Confirm my subscription"),
    }


SIGNATURE = register(
    Confirmable(
        kind="signature",
        model=Signature,
        related=("petition__campaign",),
        valid_for=_valid_for,
        confirm=services.confirm_signature,
        page=_signature_page,
        done_url=lambda s: s.petition.get_absolute_url(),
        restart_url=lambda s: s.petition.get_absolute_url(),
        thanks=gettext_lazy("Thank you: your signature is confirmed and counted."),
    )
)
LETTER = register(
    Confirmable(
        kind="letter",
        model=ActionSubmission,
        related=("action__campaign",),
        valid_for=_valid_for,
        confirm=services.confirm_action,
        page=_letter_page,
        done_url=lambda s: reverse("campaigns:action-status", args=[s.token]),
        restart_url=lambda s: s.action.get_absolute_url(),
        thanks=gettext_lazy("Thank you: your letters are on their way to the missions."),
    )
)
SUBSCRIPTION = register(
    Confirmable(
        kind="subscription",
        model=Subscription,
        related=("mailing_list",),
        valid_for=_valid_for,
        confirm=services.confirm_subscription,
        page=_subscription_page,
        done_url=lambda s: reverse("campaigns:list"),
        restart_url=lambda s: reverse("campaigns:subscribe"),
        thanks=gettext_lazy("Thank you: you are now on our mailing list."),
    )
)
