"""Failed and successful sign-ins feed the throttle (every authenticate() call, whatever the
form or view that made it); a sign-in starts the session's absolute lifetime."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import throttle
from .middleware import mark_session_start


@receiver(user_login_failed, dispatch_uid="accounts.throttle.failed")
def login_failed(sender, credentials, request=None, **kwargs):
    if not getattr(request, "login_throttled", False):  # refused by a lockout: not counted
        throttle.record_failure(request, credentials.get("username", ""))


@receiver(user_logged_in, dispatch_uid="accounts.throttle.succeeded")
def logged_in(sender, request, user, **kwargs):
    if request is not None:
        throttle.record_success(request, user.get_username())
        if hasattr(request, "session"):
            mark_session_start(request.session)  # the absolute lifetime counts from here
