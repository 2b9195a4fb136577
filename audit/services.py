"""Writing audit events. Two entry points for other code:

    record_access(user, case_or_cases, AuditEvent.Action.VIEW, via="web")
    record_access(user, queryset, AuditEvent.Action.EXPORT, via="cases.csv")

records one event per restricted or confidential case among those given (public cases are not
recorded); model changes are recorded by audit.signals without any call.
"""

from collections.abc import Iterable

from django.db import models

from .context import current_actor, current_via
from .models import AuditEvent

Action = AuditEvent.Action

_PUBLIC = "public"


def _roles(user) -> str:
    from cases.roles import roles_of

    cached = getattr(user, "_audit_roles", None) if user is not None else None
    if cached is None:
        cached = ",".join(roles_of(user))
        if user is not None and getattr(user, "is_authenticated", False):
            user._audit_roles = cached
    return cached


def actor(user=None):
    """`user`, else the user acting in the current request or `acting_as` block (or None)."""
    if user is None:
        user = current_actor()
    resolve = getattr(user, "resolve", None)
    if resolve is not None:
        user = resolve()
    return user


def _who(user) -> dict:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"user_id": None, "username": "", "role": _roles(None)}
    return {"user_id": user.pk, "username": user.get_username()[:150], "role": _roles(user)[:100]}


def new_event(action: str, *, user=None, via: str | None = None, **fields) -> AuditEvent:
    """An unsaved event with the actor filled in."""
    who = actor(user)
    return AuditEvent(action=action, via=(current_via() if via is None else via)[:200], **_who(who), **fields)


def record(action: str, *, user=None, via: str | None = None, **fields) -> AuditEvent:
    event = new_event(action, user=user, via=via, **fields)
    event.save()
    return event


def _case_rows(cases) -> list[tuple[int, str, str]]:
    """(pk, public_id, visibility) of the non-public cases among `cases`."""
    from cases.models import Case

    if isinstance(cases, Case):
        cases = [cases]
    if isinstance(cases, models.QuerySet):
        if cases.query.is_sliced:
            cases = Case.objects.filter(pk__in=cases.values("pk"))
        return list(cases.exclude(visibility=_PUBLIC).order_by().values_list("pk", "public_id", "visibility"))
    if not isinstance(cases, Iterable):
        raise TypeError(f"record_access() expects cases, not {type(cases).__name__}")
    # A page can show one case twice (raised in two statements, in two paragraphs): one event.
    rows = {
        c.pk: (c.pk, c.public_id, c.visibility) for c in cases if c is not None and c.visibility != _PUBLIC
    }
    return list(rows.values())


def record_access(user, cases, action: str = Action.VIEW, *, via: str | None = None) -> int:
    """Record that `user` viewed or exported these cases (a Case, an iterable of cases or a
    queryset, sliced or not). Only restricted and confidential cases are recorded. Returns the
    number of events written."""
    if action not in (Action.VIEW, Action.EXPORT):
        raise ValueError(f"record_access() records views and exports, not {action!r}")
    rows = _case_rows(cases)
    if not rows:
        return 0
    template = new_event(action, user=user, via=via)
    who = {field: getattr(template, field) for field in ("user_id", "username", "role", "via")}
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action=action,
                object_type="cases.case",
                object_id=str(pk),
                public_id=public_id,
                case_pk=pk,
                visibility=visibility,
                created_at=template.created_at,
                **who,
            )
            for pk, public_id, visibility in rows
        ]
    )
    return len(rows)
