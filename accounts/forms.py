import math

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import throttle


class ThrottleMixin:
    """Refuses a sign-in for a locked name or network with a message that says so, without
    saying whether the account exists (names that do not exist are locked the same way)."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is not None:
            seconds = throttle.locked_for(self.request, username)
            if seconds:
                minutes = max(1, math.ceil(seconds / 60))
                raise ValidationError(
                    ngettext(
                        "Too many failed sign-in attempts for this account or from this network. "
                        "Try again in %(minutes)d minute.",
                        "Too many failed sign-in attempts for this account or from this network. "
                        "Try again in %(minutes)d minutes.",
                        minutes,
                    )
                    % {"minutes": minutes},
                    code="throttled",
                )
        return super().clean()


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    pass


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise ValidationError(_("Enter the digits your authenticator app shows."), code="digits")
        return token


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but every request takes the same path whether or not an account
    has the address: a message is queued through the mailer (never sent in the request) — the
    reset link to each matching account, or a short notice that no account uses the address —
    and the page that follows is the same. Requests beyond the hourly limit per address or
    network queue nothing, and the page is still the same."""

    CATEGORY = "password-reset"

    def save(self, request=None, **kwargs):
        from mailer.services import queue_email

        email = self.cleaned_data["email"]
        if not throttle.allow_reset_request(request, email):
            return
        users = list(self.get_users(email))
        if not users:
            queue_email("accounts/email/password_reset_unknown", to=email, context={}, category=self.CATEGORY)
            return
        for user in users:
            context = {
                "username": user.get_username(),
                "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            }
            to = getattr(user, user.get_email_field_name())
            queue_email("accounts/email/password_reset", to=to, context=context, category=self.CATEGORY)
