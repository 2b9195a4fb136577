from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .file_modes import restrict_new_connection

        connection_created.connect(restrict_new_connection, dispatch_uid="ops.sqlite_file_modes")
