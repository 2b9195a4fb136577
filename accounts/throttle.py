"""Sign-in throttling, per account name and per client network, with a lockout window.

A failure counts against two keys: the account name tried (whether or not such an account
exists, so a lockout says nothing about existence) and the client's network. After
LOGIN_THROTTLE_ACCOUNT_FAILURES failures for one name, or LOGIN_THROTTLE_ADDRESS_FAILURES from one
network, within LOGIN_THROTTLE_WINDOW seconds, that key is locked for LOGIN_THROTTLE_LOCKOUT
seconds: every attempt is refused before the password is even checked. A successful sign-in
clears the account's counter. Only keyed hashes are stored (accounts.models.LoginThrottle).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from endreprisals.client_address import client_network

from .models import LoginThrottle

Scope = LoginThrottle.Scope


@dataclass(frozen=True)
class Limit:
    failures: int
    window: int
    lockout: int


def _limits() -> dict[str, Limit]:
    window, lockout = settings.LOGIN_THROTTLE_WINDOW, settings.LOGIN_THROTTLE_LOCKOUT
    return {
        Scope.ACCOUNT: Limit(settings.LOGIN_THROTTLE_ACCOUNT_FAILURES, window, lockout),
        Scope.ADDRESS: Limit(settings.LOGIN_THROTTLE_ADDRESS_FAILURES, window, lockout),
        Scope.RESET: Limit(settings.PASSWORD_RESET_REQUESTS_PER_HOUR, 3600, 3600),
    }


def _digest(scope: str, value: str) -> str:
    return salted_hmac(f"accounts.throttle.{scope}", value, algorithm="sha256").hexdigest()


def normalise_username(username) -> str:
    return str(username or "").strip().casefold()[:150]


def _keys(request, username) -> list[tuple[str, str]]:
    keys = [(Scope.ACCOUNT, _digest(Scope.ACCOUNT, normalise_username(username)))]
    network = client_network(request)
    if network:
        keys.append((Scope.ADDRESS, _digest(Scope.ADDRESS, network)))
    return keys


def locked_for(request, username) -> int:
    """Seconds until sign-in may be tried again for this name from this client (0: now)."""
    now = timezone.now()
    keys = [key for _, key in _keys(request, username)]
    until = (
        LoginThrottle.objects.filter(key__in=keys, locked_until__gt=now)
        .order_by("-locked_until")
        .values_list("locked_until", flat=True)
        .first()
    )
    return 0 if until is None else max(1, int((until - now).total_seconds() + 0.999))


def _count(scope: str, key: str, user=None) -> bool:
    """Count one event against `key`. Returns False when the key was already locked (the event
    is refused and not counted); the event that reaches the limit is still allowed."""
    limit = _limits()[scope]
    now = timezone.now()
    with transaction.atomic():
        row, created = LoginThrottle.objects.select_for_update().get_or_create(
            key=key, defaults={"scope": scope, "window_started_at": now, "user": user}
        )
        if row.locked_until is not None and row.locked_until > now:
            return False  # attempts during a lockout neither count nor extend it
        if created or row.window_started_at <= now - timedelta(seconds=limit.window):
            row.failures, row.window_started_at, row.locked_until = 0, now, None
        row.failures += 1
        if row.failures >= limit.failures:
            row.locked_until = now + timedelta(seconds=limit.lockout)
        if user is not None:
            row.user = user
        row.save()
        return True


def record_failure(request, username) -> None:
    user = get_user_model()._default_manager.filter(username__iexact=normalise_username(username)).first()
    for scope, key in _keys(request, username):
        _count(scope, key, user if scope == Scope.ACCOUNT else None)
    prune()


def record_success(request, username) -> None:
    """A successful sign-in clears the account's counter (the network's keeps counting)."""
    LoginThrottle.objects.filter(key=_digest(Scope.ACCOUNT, normalise_username(username))).delete()


def clear_account(user) -> None:
    """After a password reset: the account may sign in again at once."""
    LoginThrottle.objects.filter(key=_digest(Scope.ACCOUNT, normalise_username(user.get_username()))).delete()


def allow_reset_request(request, email: str) -> bool:
    """Counts a password-reset request against the address asked for and the client network;
    False once either has asked PASSWORD_RESET_REQUESTS_PER_HOUR times (the page answers the same
    either way)."""
    values = ["email:" + email.strip().casefold()]
    network = client_network(request)
    if network:
        values.append("network:" + network)
    results = [_count(Scope.RESET, _digest(Scope.RESET, value)) for value in values]
    return all(results)


def prune() -> None:
    """Forget counters whose window and lockout are both over."""
    now = timezone.now()
    longest = max(limit.window for limit in _limits().values())
    LoginThrottle.objects.filter(window_started_at__lt=now - timedelta(seconds=longest)).exclude(
        locked_until__gt=now
    ).delete()
