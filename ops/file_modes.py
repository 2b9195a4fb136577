"""The SQLite database files are readable by their owner only (0600).

SQLite creates a database with the process's umask (usually 0644: readable by every local
account), and its -wal and -shm files copy the database's mode. The database holds every
confidential record and every supporter's address, so each new connection makes sure the
file and its companions are 0600, and a restore does the same (ops/backup.py).
"""

import os
import stat
from pathlib import Path

OWNER_ONLY = 0o600
_COMPANIONS = ("", "-wal", "-shm", "-journal")


def sqlite_path(settings_dict) -> Path | None:
    """The database's file, or None for an in-memory database."""
    name = str(settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    return Path(name)


def restrict(path: Path) -> None:
    """Make `path` and its journal files owner-only, where they exist."""
    for suffix in _COMPANIONS:
        candidate = Path(f"{path}{suffix}")
        try:
            if stat.S_IMODE(candidate.stat().st_mode) != OWNER_ONLY:
                os.chmod(candidate, OWNER_ONLY)
        except FileNotFoundError:
            continue


def restrict_new_connection(sender, connection, **kwargs) -> None:
    """connection_created receiver (ops/apps.py)."""
    if connection.vendor != "sqlite":
        return
    path = sqlite_path(connection.settings_dict)
    if path is not None:
        restrict(path)
