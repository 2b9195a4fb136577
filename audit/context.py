"""Who is acting: the signed-in user of the current request, for model signals that have no
request of their own. Set by audit.middleware.AuditContextMiddleware."""

from contextlib import contextmanager
from contextvars import ContextVar

_actor: ContextVar = ContextVar("audit_actor", default=None)
_via: ContextVar = ContextVar("audit_via", default="")


def current_actor():
    return _actor.get()


def current_via() -> str:
    return _via.get()


@contextmanager
def acting_as(user, via: str = ""):
    """Attribute changes made inside the block to `user` (management commands, tasks)."""
    actor_token, via_token = _actor.set(user), _via.set(via)
    try:
        yield
    finally:
        _actor.reset(actor_token)
        _via.reset(via_token)
