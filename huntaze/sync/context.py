"""What a stream needs while it runs: the client, the database thread, cursors and progress.

Page writes are group-committed: while the database thread is busy, the pages that arrive
(several chats are fetched at once) queue up and the next batch writes them all in one
transaction, each page's rows together with its cursor. A crash still loses whole pages
only. If a page of a batch fails, the batch is rolled back and its pages are written one by
one, so only the failing page's caller sees the error. One commit per batch instead of per
page was most of the difference on PostgreSQL, where every commit waits for the disk.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import connection, transaction

from huntaze.onlyfans import OnlyFansClient
from huntaze.sync.dbthread import DatabaseThread
from huntaze.sync.exceptions import SyncLeaseLostError
from huntaze.sync.lease import lease_renew, lease_seconds
from huntaze.sync.models import SyncRun, SyncState

PROGRESS_EVERY = 1.0  # seconds between writes of the run's progress (it is for display only)

PageWrite = Callable[[], tuple[str, int, int | None]]


@dataclass
class SyncContext:
    """What a stream needs: the client, the database thread, and progress/cursor helpers."""

    account_id: int
    me_id: int
    run_id: int
    client: OnlyFansClient
    db: DatabaseThread
    lease_holder: str
    events_live: frozenset[str] = frozenset()  # streams whose pages record events (events.emit)
    progress: dict[str, dict[str, Any]] = field(default_factory=dict)
    _lease_renewed_at: float = field(default_factory=time.monotonic)
    _progress_saved_at: float = 0.0
    _pending: list[tuple[PageWrite, asyncio.Future]] = field(default_factory=list)
    _flusher: asyncio.Task | None = None

    def cursor_load(self, stream: str) -> dict[str, Any]:
        """Runs on the database thread."""
        return SyncState.objects.get(account_id=self.account_id, stream=stream).cursor or {}

    async def write(
        self,
        stream: str,
        fn: Callable[[], int],
        *,
        cursor: dict[str, Any] | None = None,
        total: int | None = None,
    ) -> int:
        """Write one page: ``fn`` stores its rows and returns their count; the stream's new
        ``cursor`` is saved in the same transaction. Returns once that transaction committed."""
        future = asyncio.get_running_loop().create_future()
        self._pending.append((partial(self._page_write, stream, fn, cursor, total), future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        return await future

    async def progress_save(self) -> None:
        """Write the run's progress now (the page writes only do it every ``PROGRESS_EVERY``)."""
        await self.db(self._progress_save)

    async def _flush(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                outcomes = await self.db(self._batch_write, [page for page, _ in batch])
            except BaseException as exc:  # lease lost, or cancelled: every page of the batch failed
                outcomes = [exc] * len(batch)
                if not isinstance(exc, Exception):
                    raise
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                if future.done():
                    continue
                if isinstance(outcome, BaseException):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)

    def _batch_write(self, pages: list[PageWrite]) -> list[int | Exception]:
        """Runs on the database thread: all pages in one transaction, or one by one if one fails."""
        # Renewed well before it lapses, so a slow page never lets another worker in.
        if time.monotonic() - self._lease_renewed_at > lease_seconds() / 4:
            if not lease_renew(account_id=self.account_id, holder=self.lease_holder):
                raise SyncLeaseLostError()
            self._lease_renewed_at = time.monotonic()
        try:
            with transaction.atomic():
                self._commit_lazily()
                done = [page() for page in pages]
        except Exception as exc:
            if len(pages) == 1:
                return [exc]
            return [outcome for page in pages for outcome in self._batch_write([page])]
        rows = [self._progress_count(*result) for result in done]
        if time.monotonic() - self._progress_saved_at > PROGRESS_EVERY:
            self._progress_save()
        return rows

    def _page_write(
        self, stream: str, fn: Callable[[], int], cursor: dict[str, Any] | None, total: int | None
    ) -> tuple[str, int, int | None]:
        rows = fn()
        if cursor is not None:
            SyncState.objects.filter(account_id=self.account_id, stream=stream).update(cursor=cursor)
        return stream, rows, total

    def _progress_count(self, stream: str, rows: int, total: int | None) -> int:
        progress = self.progress.setdefault(stream, {"pages": 0, "rows": 0})
        progress["pages"] += 1
        progress["rows"] += rows
        if total is not None:
            progress["total"] = total
        return rows

    def _progress_save(self) -> None:
        SyncRun.objects.filter(pk=self.run_id).update(progress=self.progress)
        self._progress_saved_at = time.monotonic()

    @staticmethod
    def _commit_lazily() -> None:
        """On PostgreSQL, do not wait for the disk at commit: a crash may lose the last
        batches, but each batch's rows and cursor are lost together and the next sync
        fetches them again — while waiting for every commit's flush dominated the sync."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
