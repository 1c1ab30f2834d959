"""Re-encrypt every stored OnlyFans session, 2FA secret and webhook secret under the newest Fernet key.

Rotation: put a new key first in HUNTAZE_FERNET_KEYS (or use ``--generate`` when keys live
in the data directory's key file), run this, then remove the old key.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from huntaze.accounts.services import secrets_rotate
from huntaze.config.settings.env import FERNET_KEYS_FILENAME, env_list
from huntaze.security.services import totp_secrets_rotate
from huntaze.webhooks.services import webhook_secrets_rotate


class Command(BaseCommand):
    help = "Re-encrypt stored OnlyFans sessions, 2FA and webhook secrets under the newest Fernet key."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--generate",
            action="store_true",
            help="prepend a new key to the data directory's key file first (not with HUNTAZE_FERNET_KEYS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate"]:
            if env_list("HUNTAZE_FERNET_KEYS"):
                raise CommandError("Keys come from HUNTAZE_FERNET_KEYS: put the new key first there instead.")
            key_file = settings.DATA_DIR / FERNET_KEYS_FILENAME
            new_key = Fernet.generate_key().decode()
            key_file.write_text("\n".join([new_key, *settings.FERNET_KEYS]) + "\n")
            key_file.chmod(0o600)
            settings.FERNET_KEYS = [new_key, *settings.FERNET_KEYS]
            self.stdout.write(f"New key prepended to {key_file}; restart web and workers after this command.")
        count = secrets_rotate()
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {count} session(s) under the newest key."))
        count = totp_secrets_rotate()
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {count} 2FA secret(s) under the newest key."))
        count = webhook_secrets_rotate()
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {count} webhook secret(s) under the newest key."))
