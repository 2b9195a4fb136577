from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "ingest"
    verbose_name = _("Report ingestion")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .roles import grant_curators

        # Runs after cases' post_migrate handler (ingest comes later in INSTALLED_APPS), which
        # resets the Curators group's permissions.
        post_migrate.connect(grant_curators, sender=self)
