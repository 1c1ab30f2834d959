"""``huntaze backup``: a consistent backup of the live database (see ``backups.services``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from huntaze.backups.encryption import backup_key_generate
from huntaze.backups.services import backup_create, backup_prune


class Command(BaseCommand):
    help = "Back up the database (encrypted with HUNTAZE_BACKUP_KEY when set) and keep the newest N."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dir", type=Path, help="folder for the file (default HUNTAZE_BACKUP_DIR)")
        parser.add_argument(
            "--keep", type=int, default=None, help="keep this many newest backups (default: all)"
        )
        parser.add_argument(
            "--generate-key", action="store_true", help="print a new HUNTAZE_BACKUP_KEY and exit"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate_key"]:
            self.stdout.write(backup_key_generate())
            return
        if options["dir"]:
            options["dir"].mkdir(parents=True, exist_ok=True)
        path = backup_create(directory=options["dir"])
        self.stdout.write(
            f"backup: {path} ({path.stat().st_size:,} bytes"
            f"{', encrypted' if settings.HUNTAZE_BACKUP_KEY else ''})"
        )
        if options["keep"] is not None:
            for old in backup_prune(keep=options["keep"], directory=options["dir"]):
                self.stdout.write(f"removed {old}")
