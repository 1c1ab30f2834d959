"""The earnings stream: the transactions ledger, then the daily earnings chart.

The ledger is newest first with a ``marker`` cursor; it is walked down to the stored
boundary (the first page is always re-read, so recent status changes — pending → cleared,
chargebacks — are picked up). Each page updates the affected fans' spend in the same
transaction. The chart (aggregates only) is refreshed when the ledger moved, or daily.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from huntaze.earnings.services import stats_snapshot_upsert_many
from huntaze.events.emit import earnings_upsert_with_events
from huntaze.fans.services import fan_spend_recompute, fan_stubs_ensure
from huntaze.sync.context import SyncContext
from huntaze.sync.mapping import chart_rows, transaction_key, transaction_row, transaction_user_profile
from huntaze.sync.models import Stream
from huntaze.sync.walk import Page, WalkState, walk_newest_first

CHART_EVERY = timedelta(hours=24)
CHART_DAYS_INITIAL = 365
CHART_DAYS = 35


async def earnings_stream(ctx: SyncContext) -> int:
    cursor = await ctx.db(ctx.cursor_load, Stream.EARNINGS)
    written = 0

    async def fetch(marker: int | None) -> Page:
        page = await ctx.client.transactions_page(marker=marker)
        return Page(items=page.list, has_more=page.has_more, next_cursor=page.next_marker)

    async def write(items, state: WalkState) -> None:
        nonlocal written, cursor

        def store() -> int:
            users = {tx.fan_id: transaction_user_profile(tx) for tx in items if tx.fan_id is not None}
            fans = fan_stubs_ensure(account_id=ctx.account_id, users=users)
            rows = [transaction_row(tx, fan_id=fans.get(tx.fan_id)) for tx in items]
            record = Stream.EARNINGS in ctx.events_live
            count = (
                earnings_upsert_with_events(account_id=ctx.account_id, rows=rows, record=record)
                if rows
                else 0
            )
            fan_spend_recompute(
                account_id=ctx.account_id, fan_ids=sorted({r["fan_id"] for r in rows if r["fan_id"]})
            )
            return count

        cursor = {**cursor, "ledger": state.as_json()}
        written += await ctx.write(Stream.EARNINGS, store, cursor=cursor)

    before = WalkState.from_json(cursor.get("ledger"))
    after = await walk_newest_first(state=before, fetch=fetch, key=transaction_key, write=write)
    moved = after.boundary != before.boundary
    chart_at = cursor.get("chart_at")
    if moved or not chart_at or timezone.now() - datetime.fromisoformat(chart_at) > CHART_EVERY:
        written += await _chart(ctx, cursor, initial=chart_at is None)
    return written


async def _chart(ctx: SyncContext, cursor: dict, *, initial: bool) -> int:
    end = timezone.now()
    start = end - timedelta(days=CHART_DAYS_INITIAL if initial else CHART_DAYS)
    chart = await ctx.client.earnings_chart(start=start, end=end)
    rows = chart_rows(chart)
    return await ctx.write(
        Stream.EARNINGS,
        lambda: stats_snapshot_upsert_many(account_id=ctx.account_id, rows=rows),
        cursor={**cursor, "chart_at": end.isoformat()},
    )
