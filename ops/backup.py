"""Consistent backups of the whole database, and restoring them.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot while
the site keeps running, into a temporary file that is checked (`PRAGMA integrity_check`) and then
renamed into place. Restoring checks the file the same way and copies it page by page into the
live database, in one step.

PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists --single-transaction`,
run as subprocesses with the connection settings of DATABASE_URL passed in the environment (the
password never appears on a command line). BACKUP_PG_BIN_DIR picks the client binaries, which must
not be older than the server.

Backups hold every confidential record and every supporter's address: they are written with
mode 0600, and must be stored encrypted and off the web server (docs/security.md).
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

from .file_modes import restrict, sqlite_path


class BackupError(Exception):
    pass


def vendor(using: str = "default") -> str:
    return connections[using].vendor


# --- SQLite ---------------------------------------------------------------------------------


def _check_sqlite_file(path: Path) -> None:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"{path} cannot be opened: {exc}") from None
    try:
        result = db.execute("PRAGMA integrity_check").fetchone()[0]
        db.execute("SELECT count(*) FROM django_migrations").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a usable SQLite backup: {exc}") from None
    finally:
        db.close()
    if result != "ok":
        raise BackupError(f"{path} failed the integrity check: {result}")


def sqlite_backup(path: Path, using: str = "default") -> None:
    connection = connections[using]
    connection.ensure_connection()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite3", dir=path.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        os.chmod(temp, 0o600)
        target = sqlite3.connect(temp)
        try:
            connection.connection.backup(target)
            # A self-contained file: no WAL to carry along.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        _check_sqlite_file(temp)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def sqlite_restore(path: Path, using: str = "default") -> None:
    _check_sqlite_file(path)
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("cannot restore inside a transaction")
    connection.close()
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    live = sqlite_path(connection.settings_dict)
    if live is not None:
        restrict(live)  # the restored database is owner-only, like the live one
    connection.close()  # the next query opens the restored database afresh


# --- PostgreSQL -----------------------------------------------------------------------------


def pg_binary(name: str) -> str:
    directory = getattr(settings, "BACKUP_PG_BIN_DIR", "")
    found = shutil.which(name, path=directory) if directory else shutil.which(name)
    if found is None:
        where = f" in {directory}" if directory else " on PATH"
        raise BackupError(
            f"{name} was not found{where}: install the PostgreSQL client (Debian: postgresql-client) "
            "or set BACKUP_PG_BIN_DIR"
        )
    return found


def _pg_env(using: str) -> dict[str, str]:
    db = connections[using].settings_dict
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
    ):
        if value:
            env[key] = str(value)
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], using: str) -> None:
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        command, env=_pg_env(using), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed ({result.returncode}): {result.stderr.strip()}")


def pg_backup(path: Path, using: str = "default") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".backup-", suffix=".dump", dir=path.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        os.chmod(temp, 0o600)
        _run(
            [pg_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={temp}"],
            using,
        )
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def pg_restore(path: Path, using: str = "default") -> None:
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    connections[using].close()
    database = connections[using].settings_dict["NAME"]
    _run(
        [
            pg_binary("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={database}",
            str(path),
        ],
        using,
    )


# --- Either ---------------------------------------------------------------------------------


def backup(path, using: str = "default") -> Path:
    path = Path(path).resolve()
    kind = vendor(using)
    if kind == "sqlite":
        sqlite_backup(path, using)
    elif kind == "postgresql":
        pg_backup(path, using)
    else:
        raise BackupError(f"backups of {kind} databases are not supported")
    return path


def restore(path, using: str = "default") -> Path:
    path = Path(path).resolve()
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    kind = vendor(using)
    if kind == "sqlite":
        sqlite_restore(path, using)
    elif kind == "postgresql":
        pg_restore(path, using)
    else:
        raise BackupError(f"restoring {kind} databases is not supported")
    return path
