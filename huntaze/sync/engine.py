"""The sync engine: runs the streams of one account with one connector client.

Async for the network (several chats' messages in flight when the rate budget allows),
with every database write on one ``DatabaseThread``. Each page is written in one
transaction together with the stream's cursor, so killing the worker at any point loses
nothing and duplicates nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from huntaze.accounts.connector import onlyfans_client
from huntaze.core.exceptions import HuntazeError
from huntaze.events.emit import events_live_streams
from huntaze.onlyfans.exceptions import (
    CircuitOpenError,
    ForbiddenError,
    SessionExpiredError,
    VerificationRequiredError,
)
from huntaze.sync.context import SyncContext
from huntaze.sync.dbthread import DatabaseThread
from huntaze.sync.exceptions import SyncLeaseLostError
from huntaze.sync.state import sync_state_record_failure, sync_state_record_success
from huntaze.sync.streams import STREAMS

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


@dataclass
class RunOutcome:
    requests: int = 0
    rows: int = 0
    failed_streams: set[str] = field(default_factory=set)
    fatal_error: BaseException | None = None


async def streams_run(
    *,
    account_id: int,
    me_id: int,
    run_id: int,
    streams: list[str],
    session: dict[str, Any],
    lease_holder: str,
) -> RunOutcome:
    """Run ``streams`` in order; a failing stream is recorded and the next one runs, unless the
    failure means no request should be made any more (``FATAL_ERRORS``)."""
    outcome = RunOutcome()
    with DatabaseThread() as db:
        async with onlyfans_client(session) as client:
            ctx = SyncContext(
                account_id=account_id,
                me_id=me_id,
                run_id=run_id,
                client=client,
                db=db,
                lease_holder=lease_holder,
                events_live=await db(events_live_streams, account_id=account_id),
            )
            await _streams_run(ctx=ctx, streams=streams, outcome=outcome)
            await ctx.progress_save()
    return outcome


async def _streams_run(*, ctx: SyncContext, streams: list[str], outcome: RunOutcome) -> None:
    for stream in streams:
        before = ctx.client.requests_made
        try:
            rows = await STREAMS[stream](ctx)
        except Exception as exc:
            used = ctx.client.requests_made - before
            outcome.requests += used
            outcome.failed_streams.add(stream)
            if not isinstance(exc, HuntazeError):
                logger.exception("sync stream %s of account %s crashed", stream, ctx.account_id)
            await ctx.db(
                sync_state_record_failure, account_id=ctx.account_id, stream=stream, error=exc, requests=used
            )
            if isinstance(exc, FATAL_ERRORS):
                outcome.fatal_error = exc
                return
            continue
        used = ctx.client.requests_made - before
        outcome.requests += used
        outcome.rows += rows
        await ctx.db(
            sync_state_record_success, account_id=ctx.account_id, stream=stream, requests=used, rows=rows
        )
