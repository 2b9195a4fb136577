"""Back up, wipe, restore, and find every record again (SQLite always; PostgreSQL when the suite
runs on PostgreSQL and pg_dump/pg_restore are installed)."""

import os
import shutil
import stat

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEvent
from cases.models import AccessGrant, Case, Country, Mention, Victim
from cases.tests.factories import CaseFactory, MentionFactory, ParagraphFactory, ReportFactory, VictimFactory
from cases.visibility import Visibility


def _skip_unless_supported():
    if connection.vendor == "postgresql":
        missing = [name for name in ("pg_dump", "pg_restore") if shutil.which(name) is None]
        if missing:
            pytest.skip(f"{', '.join(missing)} not installed")
    elif connection.vendor != "sqlite":
        pytest.skip(f"no backup support for {connection.vendor}")


def _snapshot():
    return {
        "cases": sorted(Case.objects.values_list("public_id", "title", "visibility")),
        "victims": sorted(Victim.objects.values_list("case__public_id", "name")),
        "mentions": sorted(Mention.objects.values_list("case__public_id", "paragraph__number")),
        "grants": sorted(AccessGrant.objects.values_list("user__username", "level")),
        "audit": sorted(AuditEvent.objects.values_list("id", "action", "object_type", "object_id")),
        "countries": Country.objects.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_finds_every_record(tmp_path, reference_data, partner):
    _skip_unless_supported()
    report = ReportFactory(symbol="A/HRC/51/47", year=2022)
    paragraph = ParagraphFactory(report=report, number=3)
    for visibility in Visibility.values:
        case = CaseFactory(title=f"Backup {visibility} case", visibility=visibility)
        VictimFactory(case=case, name=f"Backup {visibility} person")
        MentionFactory(case=case, paragraph=paragraph, report=report)
    before = _snapshot()
    assert len(before["cases"]) == 3 and before["audit"]

    path = tmp_path / "backups" / "site.backup"
    call_command("backup", str(path), verbosity=0)
    assert path.is_file() and stat.S_IMODE(os.stat(path).st_mode) == 0o600

    call_command("flush", interactive=False, verbosity=0)
    assert Case.objects.count() == 0

    call_command("restore", str(path), "--noinput", verbosity=0)
    assert _snapshot() == before
    # The restored audit log is append-only again, and searching still works.
    from audit import triggers

    assert triggers.installed(connection)
    from cases.search.query import apply_search

    assert apply_search(Case.objects.all(), "backup person").count() == 3


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("checks the SQLite path")
    bogus = tmp_path / "bogus.backup"
    bogus.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CommandError, match="not a usable SQLite backup|cannot be opened"):
        call_command("restore", str(bogus), "--noinput", verbosity=0)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing"), "--noinput", verbosity=0)


def test_missing_postgresql_tools_give_a_clear_message(settings, tmp_path):
    from ops.backup import BackupError, pg_binary

    settings.BACKUP_PG_BIN_DIR = str(tmp_path)  # an empty directory
    with pytest.raises(BackupError, match="pg_dump was not found in"):
        pg_binary("pg_dump")
