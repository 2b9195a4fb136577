from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UwaziConfig(AppConfig):
    """Imports from (and exports to) HURIDOCS Uwazi libraries such as ISHR's #EndReprisals database."""

    name = "uwazi"
    verbose_name = _("Uwazi migration")
    default_auto_field = "django.db.models.BigAutoField"
