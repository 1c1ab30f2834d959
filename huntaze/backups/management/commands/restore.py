"""``huntaze restore FILE``: load a backup into the configured (fresh) database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from huntaze.backups.services import backup_restore
from huntaze.core.exceptions import HuntazeError


class Command(BaseCommand):
    help = "Restore a backup made by `huntaze backup` into the database DATABASE_URL points at."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--force", action="store_true", help="replace a database that is not empty")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"No such backup file: {path}")
        try:
            backup_restore(path=path, force=options["force"])
        except HuntazeError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"restored {path}; run `huntaze migrate` if this release is newer than the backup")
