"""The one place that reads the environment.

Every setting that an operator can change is read here, with a safe embedded default:
an unset ``DATABASE_URL`` means a SQLite file in the data directory, an unset
``REDIS_URL`` means Huey on SQLite, unset keys are generated once into the data
directory with mode 0600.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def data_dir() -> Path:
    """Where the embedded database, Huey's queue and generated keys live."""
    path = Path(env_str("HUNTAZE_DATA_DIR") or Path.cwd() / "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_or_create_secret_file(path: Path, make_value: callable) -> str:
    """Return the secret stored in ``path``, creating it (mode 0600) if absent.

    ``O_EXCL`` makes creation race-free when the web process and a worker start together.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    value = make_value()
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def secret_key(directory: Path) -> str:
    return env_str("HUNTAZE_SECRET_KEY") or read_or_create_secret_file(
        directory / "secret_key", lambda: secrets.token_urlsafe(50)
    )


FERNET_KEYS_FILENAME = "fernet_keys"


def fernet_keys(directory: Path) -> list[str]:
    """Fernet keys, newest first: the first encrypts, all decrypt (``MultiFernet``)."""
    keys = env_list("HUNTAZE_FERNET_KEYS")
    if keys:
        return keys
    text = read_or_create_secret_file(
        directory / FERNET_KEYS_FILENAME, lambda: Fernet.generate_key().decode()
    )
    return [line.strip() for line in text.splitlines() if line.strip()]
