"""Create the demo team and login (printed once) for ``make run``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from huntaze.accounts.services import demo_team_ensure


class Command(BaseCommand):
    help = "Create the demo team and its owner login; prints the password the first time only."

    def handle(self, *args: Any, **options: Any) -> None:
        _team, user, password = demo_team_ensure()
        if password:
            self.stdout.write(
                self.style.SUCCESS(
                    "\n  Demo login (shown once, keep it):\n"
                    f"    username: {user.get_username()}\n    password: {password}\n"
                )
            )
        else:
            self.stdout.write(
                f"Demo login '{user.get_username()}' exists (password was printed at first start; "
                f"reset it with: huntaze changepassword {user.get_username()})."
            )
