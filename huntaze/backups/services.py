"""Backups of the whole database, taken while Huntaze runs, and their restore.

* SQLite: the online backup API copies a consistent snapshot page by page while the web
  process and workers keep writing (WAL mode).
* PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot of a live database), restored
  with ``pg_restore``.

A backup holds the database only. OnlyFans sessions in it stay encrypted with the Fernet keys,
which live outside the database (``HUNTAZE_FERNET_KEYS`` or the data directory): a stolen
backup without the keys gives no session, and a restore needs the same keys to reconnect
nothing. With ``HUNTAZE_BACKUP_KEY`` set the file itself is encrypted too (``encryption``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

from huntaze.backups.encryption import decrypt_stream, encrypt_stream, is_encrypted
from huntaze.core.exceptions import HuntazeError

PREFIX = "huntaze-"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
ENCRYPTED_SUFFIX = ".enc"


class BackupError(HuntazeError):
    code = "backup_failed"
    default_message = "The backup or restore failed."


def backup_dir() -> Path:
    path = Path(settings.HUNTAZE_BACKUP_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_list(directory: Path | None = None) -> list[Path]:
    """Backups in ``directory``, newest first (their names sort by time)."""
    directory = directory or backup_dir()
    return sorted((p for p in directory.glob(f"{PREFIX}*") if p.is_file()), reverse=True)


def backup_create(*, directory: Path | None = None, key: str | None = None, using: str = "default") -> Path:
    """Write a consistent backup of the live database; encrypted when a key is given
    (default: ``HUNTAZE_BACKUP_KEY``). Returns the file, readable by its owner only."""
    directory = directory or backup_dir()
    key = settings.HUNTAZE_BACKUP_KEY if key is None else key
    vendor = connections[using].vendor
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"{PREFIX}{stamp}{SUFFIXES[vendor]}{ENCRYPTED_SUFFIX if key else ''}"
    final = directory / name
    with _scratch_file(directory) as plain:
        if vendor == "sqlite":
            _sqlite_copy(source=connections[using].settings_dict["NAME"], target=plain)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={plain}"], using=using)
        if key:
            with _scratch_file(directory) as sealed:
                with plain.open("rb") as source, sealed.open("wb") as target:
                    encrypt_stream(source, target, key=key)
                os.replace(sealed, final)
        else:
            os.replace(plain, final)
    final.chmod(0o600)
    return final


def backup_restore(
    *, path: Path, key: str | None = None, using: str = "default", force: bool = False
) -> None:
    """Replace the (empty, unless ``force``) database ``using`` with the backup at ``path``."""
    key = settings.HUNTAZE_BACKUP_KEY if key is None else key
    connection = connections[using]
    if not force and _has_tables(using):
        raise BackupError(
            "The target database is not empty: restore into a fresh database, or pass --force to replace it."
        )
    with _scratch_file(path.parent) as plain:
        with path.open("rb") as source:
            if is_encrypted(source):
                if not key:
                    raise BackupError(
                        "This backup is encrypted: set HUNTAZE_BACKUP_KEY to the key it was made with."
                    )
                with plain.open("wb") as target:
                    decrypt_stream(source, target, key=key)
            else:
                shutil.copyfile(path, plain)
        connection.close()
        if connection.vendor == "sqlite":
            _sqlite_copy(source=str(plain), target=Path(connection.settings_dict["NAME"]))
        else:
            _run(
                ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
                + (["--clean", "--if-exists"] if force else [])
                + [f"--dbname={connection.settings_dict['NAME']}", str(plain)],
                using=using,
            )


def backup_prune(*, keep: int, directory: Path | None = None) -> list[Path]:
    """Delete all but the ``keep`` newest backups; returns what was deleted."""
    doomed = backup_list(directory)[max(keep, 1) :]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def backup_due(*, every_hours: float, directory: Path | None = None, now: datetime | None = None) -> bool:
    """Whether the newest backup is older than ``every_hours`` (or there is none)."""
    newest = next(iter(backup_list(directory)), None)
    if newest is None:
        return True
    age = (now or datetime.now(UTC)).timestamp() - newest.stat().st_mtime
    return age >= every_hours * 3600


def _has_tables(using: str) -> bool:
    connection = connections[using]
    if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).exists():
        return False
    with connection.cursor() as cursor:
        return bool(connection.introspection.table_names(cursor))


def _sqlite_copy(*, source: str, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while other connections write."""
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst, pages=4096)
    finally:
        dst.close()
        src.close()


def _run(command: list[str], *, using: str) -> None:
    config = connections[using].settings_dict
    env = {
        **os.environ,
        "PGHOST": str(config.get("HOST") or ""),
        "PGPORT": str(config.get("PORT") or ""),
        "PGUSER": str(config.get("USER") or ""),
        "PGPASSWORD": str(config.get("PASSWORD") or ""),
        "PGDATABASE": str(config["NAME"]),
    }
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-500:]}")


@contextmanager
def _scratch_file(directory: Path) -> Iterator[Path]:
    """A private temporary file next to the final one (same filesystem: ``os.replace`` is atomic);
    removed unless it was moved into place."""
    fd, name = tempfile.mkstemp(prefix=".huntaze-backup-", dir=directory)
    os.close(fd)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)
