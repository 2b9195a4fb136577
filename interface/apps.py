from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterfaceConfig(AppConfig):
    name = "interface"
    verbose_name = _("Interface")
