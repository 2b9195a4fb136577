"""The SQLite database and its journal files, live or restored, are owner-only (0600)."""

import os
import sqlite3
import stat

import pytest
from django.db.utils import ConnectionHandler

from ops import backup


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def loose_umask(django_db_blocker):
    """The usual umask, under which SQLite would create a world-readable file; these tests open
    their own database files, not the test database."""
    previous = os.umask(0o022)
    with django_db_blocker.unblock():
        yield
    os.umask(previous)


def _handler(path):
    return ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
            }
        }
    )


def test_a_new_live_database_and_its_wal_files_are_owner_only(tmp_path, loose_umask):
    handler = _handler(tmp_path / "live.sqlite3")
    connection = handler["default"]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x)")
        cursor.execute("INSERT INTO t VALUES (1)")
    files = list(tmp_path.iterdir())
    assert {p.name for p in files} >= {"live.sqlite3", "live.sqlite3-wal", "live.sqlite3-shm"}
    assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
    connection.close()


def test_an_existing_world_readable_database_is_tightened_on_connection(tmp_path, loose_umask):
    path = tmp_path / "old.sqlite3"
    sqlite3.connect(path).close()
    os.chmod(path, 0o644)
    connection = _handler(path)["default"]
    connection.ensure_connection()
    assert _mode(path) == 0o600
    connection.close()


def test_a_restored_database_is_owner_only(tmp_path, loose_umask, monkeypatch):
    source = tmp_path / "backup.sqlite3"
    db = sqlite3.connect(source)
    db.execute("CREATE TABLE django_migrations (id integer)")
    db.commit()
    db.close()
    live = tmp_path / "live.sqlite3"
    handler = _handler(live)
    monkeypatch.setattr(backup, "connections", handler)
    handler["default"].ensure_connection()
    handler["default"].close()
    os.chmod(live, 0o644)  # as an older install left it

    backup.sqlite_restore(source)

    assert _mode(live) == 0o600
    assert sqlite3.connect(live).execute("SELECT count(*) FROM django_migrations").fetchone() == (0,)
