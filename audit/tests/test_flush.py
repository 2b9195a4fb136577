import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from audit import triggers
from audit.models import AuditEvent


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_keeps_the_triggers():
    if connection.vendor not in ("sqlite", "postgresql"):
        pytest.skip("triggers exist on SQLite and PostgreSQL only")
    AuditEvent.objects.create(action="view", object_type="cases.case", role="editor", summary="before")
    call_command("flush", interactive=False, verbosity=0)
    # (The groups re-created after the flush are logged anew.)
    assert not AuditEvent.objects.filter(summary="before").exists()
    assert triggers.installed(connection)
    AuditEvent.objects.create(action="view", object_type="cases.case", role="editor")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
