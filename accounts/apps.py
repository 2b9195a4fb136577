from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        from django.contrib import admin

        from . import signals  # noqa: F401  (login throttling)
        from .forms import ThrottledAdminAuthenticationForm

        # The admin's own login page: throttled like every other sign-in.
        admin.site.login_form = ThrottledAdminAuthenticationForm
