"""The sync engine: runs the streams of one account with one connector client.

Async for the network (several chats' messages in flight when the rate budget allows),
with every database write on one ``DatabaseThread``. Each page is written in one
transaction together with the stream's cursor, so killing the worker at any point loses
nothing and duplicates nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from huntaze.core.exceptions import HuntazeError
from huntaze.onlyfans.exceptions import (
    CircuitOpenError,
    ForbiddenError,
    SessionExpiredError,
    VerificationRequiredError,
)
from huntaze.sync.dbthread import DatabaseThread
from huntaze.sync.exceptions import SyncLeaseLostError
from huntaze.sync.lease import lease_renew
from huntaze.sync.models import SyncRun, SyncState
from huntaze.sync.services import sync_state_record_failure, sync_state_record_success

logger = logging.getLogger(__name__)

# Errors after which no further request is made in this run: the session is gone, or
# OnlyFans is blocking us — retrying other streams would only make it worse.
FATAL_ERRORS = (
    SessionExpiredError,
    VerificationRequiredError,
    ForbiddenError,
    CircuitOpenError,
    SyncLeaseLostError,
)
LEASE_RENEW_SECONDS = 30


@dataclass
class RunOutcome:
    requests: int = 0
    rows: int = 0
    failed_streams: set[str] = field(default_factory=set)
    fatal_error: BaseException | None = None


@dataclass
class SyncContext:
    """What a stream needs: the client, the database thread, and progress/cursor helpers."""

    account_id: int
    me_id: int
    run_id: int
    client: Any
    db: DatabaseThread
    lease_holder: str
    progress: dict[str, dict[str, Any]] = field(default_factory=dict)
    _lease_renewed_at: float = field(default_factory=time.monotonic)

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
        """Run ``fn`` (which writes one page and returns its row count) in one transaction with the
        stream's new ``cursor`` and the run's progress; renews the lease between pages."""
        return await self.db(self._write, stream, fn, cursor, total)

    def _write(
        self, stream: str, fn: Callable[[], int], cursor: dict[str, Any] | None, total: int | None
    ) -> int:
        if time.monotonic() - self._lease_renewed_at > LEASE_RENEW_SECONDS:
            if not lease_renew(account_id=self.account_id, holder=self.lease_holder):
                raise SyncLeaseLostError()
            self._lease_renewed_at = time.monotonic()
        with transaction.atomic():
            rows = fn()
            progress = self.progress.setdefault(stream, {"pages": 0, "rows": 0})
            progress["pages"] += 1
            progress["rows"] += rows
            if total is not None:
                progress["total"] = total
            if cursor is not None:
                SyncState.objects.filter(account_id=self.account_id, stream=stream).update(cursor=cursor)
            SyncRun.objects.filter(pk=self.run_id).update(progress=self.progress)
        return rows


StreamFn = Callable[[SyncContext], Awaitable[int]]


async def streams_run(
    *, account_id: int, me_id: int, run_id: int, streams: list[str], client: Any, lease_holder: str
) -> RunOutcome:
    """Run ``streams`` in order; a failing stream is recorded and the next one runs, unless the
    failure means no request should be made any more (``FATAL_ERRORS``)."""
    from huntaze.sync.streams import STREAMS

    outcome = RunOutcome()
    with DatabaseThread() as db:
        ctx = SyncContext(
            account_id=account_id, me_id=me_id, run_id=run_id, client=client, db=db, lease_holder=lease_holder
        )
        for stream in streams:
            before = client.requests_made
            try:
                rows = await STREAMS[stream](ctx)
            except Exception as exc:
                used = client.requests_made - before
                outcome.requests += used
                outcome.failed_streams.add(stream)
                if not isinstance(exc, HuntazeError):
                    logger.exception("sync stream %s of account %s crashed", stream, account_id)
                await db(
                    sync_state_record_failure, account_id=account_id, stream=stream, error=exc, requests=used
                )
                if isinstance(exc, FATAL_ERRORS):
                    outcome.fatal_error = exc
                    break
                continue
            used = client.requests_made - before
            outcome.requests += used
            outcome.rows += rows
            await db(
                sync_state_record_success, account_id=account_id, stream=stream, requests=used, rows=rows
            )
    return outcome
