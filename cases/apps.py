from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from . import signals  # noqa: F401  (connects search-index maintenance)
        from .planner import after_migrate
        from .roles import ensure_groups

        post_migrate.connect(ensure_groups, sender=self)
        post_migrate.connect(after_migrate, sender=self)
