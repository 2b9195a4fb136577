"""Session hardening: sign out after inactivity and after the session's absolute lifetime, and
no page before the second factor."""

import re
import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from .policy import requires_two_factor, two_factor_enforced

LAST_ACTIVITY_KEY = "_accounts_last_activity"
# When the session signed in (accounts/signals.py); SESSION_COOKIE_AGE counts from here.
SESSION_STARTED_KEY = "_accounts_session_started"
# Writing the session on every request would cost a database write each time; a minute of
# slack on a timeout counted in tens of minutes is harmless.
_TOUCH_EVERY = 60


def mark_session_start(session) -> None:
    session[SESSION_STARTED_KEY] = int(time.time())


class IdleTimeoutMiddleware:
    """Ends a signed-in session after SESSION_IDLE_TIMEOUT seconds without a request (0: never),
    and SESSION_COOKIE_AGE seconds after it signed in, however active it is. (Django counts
    SESSION_COOKIE_AGE from the session's last save, and the activity stamp below saves it every
    minute or so: without the absolute check, a session used every half hour never expired.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        now = int(time.time())
        started = request.session.get(SESSION_STARTED_KEY)
        if not isinstance(started, int):
            # Signed in before this check existed (or by a path without the login signal):
            # the lifetime counts from now.
            request.session[SESSION_STARTED_KEY] = started = now
        if now - started > settings.SESSION_COOKIE_AGE:
            logout(request)
            return
        timeout = settings.SESSION_IDLE_TIMEOUT
        if not timeout:
            return
        last = request.session.get(LAST_ACTIVITY_KEY)
        if isinstance(last, int) and now - last > timeout:
            logout(request)
        elif not isinstance(last, int) or now - last >= _TOUCH_EVERY:
            request.session[LAST_ACTIVITY_KEY] = now


# The language switch, with or without a language prefix (/i18n/setlang/, /fr/i18n/setlang/).
_LANGUAGE_SWITCH = re.compile(r"^/(?:[\w-]+/)?i18n/")


def _exempt(path: str) -> bool:
    """Pages a user who still owes the second factor may reach."""
    prefixes = (
        reverse("two_factor_verify"),
        reverse("two_factor_setup"),
        reverse("accounts_logout"),
        reverse("admin:logout"),
        settings.STATIC_URL,
    )
    return path.startswith(prefixes) or bool(_LANGUAGE_SWITCH.match(path))


class TwoFactorMiddleware:
    """Sends every signed-in user who must use a second factor (accounts.policy) and has not
    used it in this session to enrolment (no device yet) or verification, before any page:
    the public site, the API and the admin alike. Needs django_otp's OTPMiddleware before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self._redirect(request)
        return redirect if redirect is not None else self.get_response(request)

    def _redirect(self, request):
        if not two_factor_enforced():
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if user.is_verified() or not requires_two_factor(user):
            return None
        if _exempt(request.path):
            return None
        from django_otp import user_has_device

        target = "two_factor_verify" if user_has_device(user) else "two_factor_setup"
        next_url = request.get_full_path()
        return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': next_url})}")
