"""Triggers that reject UPDATE and DELETE of audit events (and TRUNCATE on PostgreSQL), on every
database that supports them (audit/triggers.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from audit.triggers import install as install_triggers

    install_triggers(schema_editor.connection)


def uninstall(apps, schema_editor):
    from audit.triggers import uninstall as uninstall_triggers

    uninstall_triggers(schema_editor.connection, drop_function=True)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
