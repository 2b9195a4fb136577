"""Failed sign-in counters. No network address is stored: a row is keyed by a keyed hash
(HMAC-SHA256 with a key derived from SECRET_KEY) of the account name or of the client's network
(an IPv4 address or an IPv6 /64), so the table cannot be turned back into addresses."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginThrottle(models.Model):
    class Scope(models.TextChoices):
        ACCOUNT = "account", _("account")
        ADDRESS = "address", _("network address")
        RESET = "reset", _("password reset requests")

    key = models.CharField(_("key"), max_length=64, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("account"),
        help_text=_("Set when the name tried is an existing account."),
    )
    failures = models.PositiveIntegerField(_("failures in the window"), default=0, editable=False)
    window_started_at = models.DateTimeField(_("window started"), editable=False)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("sign-in lockout")
        verbose_name_plural = _("sign-in lockouts")
        default_permissions = ("view", "delete")
        indexes = [models.Index(fields=["window_started_at"], name="loginthrottle_window_idx")]

    def __str__(self):
        return f"{self.get_scope_display()} {self.key[:12]}…"
