"""Publishing is a step of its own, separate from editing.

A case is on the public site when `published_at` is set (and its visibility allows it). Only
this module sets or clears that field: the admin change form never shows it as editable, and
saving a published case keeps it published — the public site always shows the current version.

Each publish or withdrawal leaves a historical record carrying the user and a change reason,
so the case's history says who published or withdrew it, and when.

Publishing checks every victim's consent first (cases/consent.py): a case that would break it
is refused with the reasons (`consent.ConsentRefused`), unless an administrator overrides with a
reason, which the audit log keeps. Withdrawing never needs consent.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from . import consent
from .models import Case

PUBLISH_PERMISSION = "cases.change_case"

# Stored untranslated in the history table (it is data); shown through gettext in the admin.
REASON_PUBLISHED = gettext_noop("Published")
REASON_UNPUBLISHED = gettext_noop("Withdrawn from publication")


def can_publish(user) -> bool:
    """Whether `user` may publish or withdraw cases at all (curators and administrators)."""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def publish(case: Case, user, *, override_reason: str = "") -> bool:
    """Put `case` on the public site. Returns False when it already was published.

    Raises PermissionDenied when `user` may not publish, or may not see this case, and
    consent.ConsentRefused when publishing would break a victim's consent (an administrator
    may override it with `override_reason`).
    """
    return _set_published(case, user, publish=True, override_reason=override_reason)


def unpublish(case: Case, user) -> bool:
    """Take `case` off the public site. Returns False when it was not published."""
    return _set_published(case, user, publish=False)


def _set_published(case: Case, user, *, publish: bool, override_reason: str = "") -> bool:
    if not can_publish(user):
        raise PermissionDenied
    with transaction.atomic():
        # Re-read under a row lock, through the visibility gate: a user can only publish
        # what they can see, and two curators clicking at once record one change, not two.
        try:
            current = Case.objects.visible_to(user).select_for_update().get(pk=case.pk)
        except Case.DoesNotExist:
            raise PermissionDenied from None
        if current.is_published == publish:
            case.published_at = current.published_at
            return False
        if publish:
            consent.enforce(current, consent.Step.PUBLISH, user=user, override_reason=override_reason)
        current.published_at = timezone.now() if publish else None
        current._history_user = user
        current._change_reason = REASON_PUBLISHED if publish else REASON_UNPUBLISHED
        current.save(update_fields=["published_at", "updated_at"])
    case.published_at = current.published_at
    return True


def cases_refused_publication(cases):
    """The cases of `cases` (a queryset) that publishing would refuse for their victims' consent,
    as a queryset: the staff workspace counts them as consent warnings. Only cases with recorded
    consent are read (consent.violations_for narrows to them first)."""
    refused = {violation.case.pk for violation in consent.violations_for(cases, consent.Step.PUBLISH)}
    return cases.filter(pk__in=refused)
