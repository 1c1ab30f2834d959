"""``huntaze check --deploy``: Django's deployment checks plus Huntaze's own.

Each check says what is wrong and the one setting that fixes it (docs/operations.md,
docs/security.md).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

KEY_FILES = ("secret_key", "fernet_keys", "backup_key")


@register(Tags.security, deploy=True)
def huntaze_deploy_checks(app_configs: Any = None, **kwargs: Any) -> list:
    problems: list = []
    if settings.DEBUG:
        problems.append(
            Error(
                "DEBUG is on: error pages would show settings and data.",
                hint="Unset HUNTAZE_DEBUG.",
                id="huntaze.E001",
            )
        )
    if not settings.PRODUCTION:
        problems.append(
            Error(
                "HUNTAZE_PRODUCTION is not set: cookies are not HTTPS-only, no HSTS, no HTTPS redirect.",
                hint="Set HUNTAZE_PRODUCTION=1 behind an HTTPS proxy that sends X-Forwarded-Proto.",
                id="huntaze.E002",
            )
        )
    for name in KEY_FILES:
        path = Path(settings.DATA_DIR) / name
        if path.exists() and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            problems.append(
                Error(f"{path} is readable by other users.", hint=f"chmod 600 {path}", id="huntaze.E003")
            )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and settings.REDIS_URL:
        problems.append(
            Error(
                "REDIS_URL is set (several workers) but the database is SQLite, which serialises writes.",
                hint="Point DATABASE_URL at PostgreSQL for several workers or hosts.",
                id="huntaze.E004",
            )
        )
    elif settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(
            Warning(
                "The database is SQLite: fine for one host and one worker, not for several.",
                hint="Use PostgreSQL (DATABASE_URL) to run several workers; see docs/operations.md.",
                id="huntaze.W001",
            )
        )
    if not _from_env("HUNTAZE_SECRET_KEY") or not _from_env("HUNTAZE_FERNET_KEYS"):
        problems.append(
            Warning(
                "HUNTAZE_SECRET_KEY or HUNTAZE_FERNET_KEYS comes from a file in the data directory.",
                hint="Set both in the environment (a secret manager) so every host shares them and a copy of "
                "the data directory alone does not hold them.",
                id="huntaze.W002",
            )
        )
    if not settings.HUNTAZE_METRICS_TOKEN:
        problems.append(
            Warning(
                "/metrics is open to anyone who can reach the app.",
                hint="Set HUNTAZE_METRICS_TOKEN.",
                id="huntaze.W003",
            )
        )
    if settings.HUNTAZE_BACKUP_EVERY_HOURS <= 0:
        problems.append(
            Warning("Scheduled backups are off.", hint="Set HUNTAZE_BACKUP_EVERY_HOURS.", id="huntaze.W004")
        )
    elif not settings.HUNTAZE_BACKUP_KEY:
        problems.append(
            Warning(
                "Backups are written unencrypted.",
                hint="Set HUNTAZE_BACKUP_KEY (`huntaze backup --generate-key`), kept off the backup storage.",
                id="huntaze.W005",
            )
        )
    return problems


def _from_env(name: str) -> bool:
    return bool(os.environ.get(name, "").strip())
