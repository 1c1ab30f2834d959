"""Sync one account now, in this process, with a progress bar.

``huntaze sync 3`` (all streams) or ``huntaze sync 3 --streams fans,chats``. For scheduled
syncs the Huey worker does the same through ``sync_run_task``.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from huntaze.accounts.models import OnlyFansAccount
from huntaze.core.exceptions import HuntazeError
from huntaze.sync.models import SyncRun
from huntaze.sync.services import sync_run_create, sync_run_execute

BAR_WIDTH = 30


def progress_line(progress: dict[str, dict[str, Any]]) -> str:
    """``fans [#####-----] 1200/5000 rows · chats 40 pages, 3100 rows`` (a bar where a total is known)."""
    parts = []
    for stream, figures in progress.items():
        rows, total = figures.get("rows", 0), figures.get("total")
        if total:
            done = min(BAR_WIDTH, int(BAR_WIDTH * rows / max(total, 1)))
            parts.append(f"{stream} [{'#' * done}{'-' * (BAR_WIDTH - done)}] {rows}/{total} rows")
        else:
            parts.append(f"{stream} {figures.get('pages', 0)} pages, {rows} rows")
    return " · ".join(parts) or "starting…"


class Command(BaseCommand):
    help = "Sync one OnlyFans account now, showing progress."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("account_id", type=int)
        parser.add_argument("--streams", default="", help="comma-separated: fans,chats,content,earnings")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            account = OnlyFansAccount.objects.get(pk=options["account_id"])
        except OnlyFansAccount.DoesNotExist as exc:
            raise CommandError(f"No account {options['account_id']}.") from exc
        streams = [s.strip() for s in options["streams"].split(",") if s.strip()] or None
        try:
            run = sync_run_create(account=account, streams=streams, trigger="manual")
        except HuntazeError as exc:
            raise CommandError(exc.message) from exc
        stop = threading.Event()
        watcher = threading.Thread(target=self._watch, args=(run.pk, stop), daemon=True)
        watcher.start()
        try:
            run = sync_run_execute(run_id=run.pk)
        finally:
            stop.set()
            watcher.join()
        self.stdout.write("\n" + progress_line(run.progress))
        summary = f"run {run.pk}: {run.status}, {run.requests_made} requests, {run.rows_changed} rows"
        if run.error_class:
            summary += f" — {run.error_class}: {run.error_message}"
        self.stdout.write(
            self.style.SUCCESS(summary) if run.status == "succeeded" else self.style.ERROR(summary)
        )

    def _watch(self, run_id: int, stop: threading.Event) -> None:
        try:
            while not stop.wait(0.5):
                progress = SyncRun.objects.filter(pk=run_id).values_list("progress", flat=True).first() or {}
                self.stdout.write("\r" + progress_line(progress)[:200], ending="")
                self.stdout.flush()
        finally:
            connection.close()
