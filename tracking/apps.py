from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = _("Tracking and analysis")

    def ready(self):
        from .roles import grant_curators

        post_migrate.connect(grant_curators, sender=self)
