"""Turn off a user's two-factor authentication (lost phone *and* recovery codes).

Check who is asking before running it: it lets the password alone log in again. Audited.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from huntaze.core.exceptions import NotFoundError
from huntaze.security.services import totp_reset


class Command(BaseCommand):
    help = "Turn off two-factor authentication for one user (they can then enrol again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = totp_reset(username=options["username"])
        except NotFoundError:
            raise CommandError(f"No user is called {options['username']!r}.") from None
        self.stdout.write(self.style.SUCCESS(f"Two-factor authentication is off for {user.get_username()}."))
