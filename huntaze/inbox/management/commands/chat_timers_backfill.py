"""``huntaze chat_timers_backfill``: fill the chats' response timers from their stored messages.

Syncs keep the timers current; this brings chats synced before the timers existed (or after a
manual fix of messages) in line. Batched and rerunnable (``inbox.sla.chat_timers_backfill``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from huntaze.inbox.sla import BACKFILL_BATCH, chat_timers_backfill


class Command(BaseCommand):
    help = "Recompute every chat's response timers (waiting since, first reply) from its messages."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--account", type=int, help="only this OnlyFans account (its Huntaze id)")
        parser.add_argument("--batch-size", type=int, default=BACKFILL_BATCH, help="chats per transaction")
        parser.add_argument("--dry-run", action="store_true", help="count the chats to change, change none")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        result = chat_timers_backfill(
            account_id=options["account"], batch_size=options["batch_size"], dry_run=options["dry_run"]
        )
        verb = "would change" if options["dry_run"] else "changed"
        self.stdout.write(f"chats read: {result.chats}, {verb}: {result.changed}")
