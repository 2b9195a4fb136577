from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Secure intake")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .roles import grant_curators

        # Runs after cases' post_migrate handler (intake comes later in INSTALLED_APPS), which
        # resets the Curators group's permissions.
        post_migrate.connect(grant_curators, sender=self)
