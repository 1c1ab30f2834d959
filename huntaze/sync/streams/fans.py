"""The fans stream: the subscriber list (canonical lifetime spend) and recent subscribers.

- A **full walk** of ``type=all`` by offset runs first and then weekly (``FULL_EVERY``): it is
  the only source of the canonical spend totals and is expensive (pages of 100). Offsets
  shift while paging (new fans arrive, fans leave): each next page overlaps the previous one
  by ``OFFSET_OVERLAP`` rows and rows are upserted, so a fan removed above us is not skipped
  and a fan seen twice is stored once. The offset is saved with every page (resumable).
- Between full walks, ``/subscriptions/subscribers/latest`` (newest subscribe/renew first) is
  walked down to the previous boundary: one request when nothing changed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from huntaze.events.emit import fans_upsert_with_events
from huntaze.sync.context import SyncContext
from huntaze.sync.mapping import fan_activity_key, fan_row
from huntaze.sync.models import Stream
from huntaze.sync.walk import Page, WalkState, walk_newest_first

PAGE_SIZE = 100
OFFSET_OVERLAP = 1
FULL_EVERY = timedelta(days=7)


def snapshot_time(ctx: SyncContext) -> datetime:
    """When the subscriber totals just read were true: OnlyFans' clock (its ``Date``), not ours."""
    return ctx.client.server_time or timezone.now()


async def fans_stream(ctx: SyncContext) -> int:
    cursor = await ctx.db(ctx.cursor_load, Stream.FANS)
    full_at = cursor.get("full_at")
    due = full_at is None or timezone.now() - datetime.fromisoformat(full_at) > FULL_EVERY
    if due or cursor.get("full_offset") is not None:
        return await _full_walk(ctx, cursor)
    return await _latest_walk(ctx, cursor)


def _fans_write(ctx: SyncContext, rows: list[dict]) -> dict[int, int]:
    record = Stream.FANS in ctx.events_live
    return fans_upsert_with_events(account_id=ctx.account_id, rows=rows, record=record)


async def _full_walk(ctx: SyncContext, cursor: dict) -> int:
    offset = cursor.get("full_offset") or 0
    total = (await ctx.client.subscriber_counts()).all_subscribers if offset == 0 else None
    rows_written = 0
    seen_ids: set[int] = set()
    while True:
        page = await ctx.client.subscribers_page(type="all", offset=offset, limit=PAGE_SIZE)
        fetched_at = snapshot_time(ctx)
        repeated = bool(page.list) and all(fan.id in seen_ids for fan in page.list)
        seen_ids.update(fan.id for fan in page.list)
        done = not page.has_more or not page.list or repeated
        newest = max(
            [
                key
                for key in (cursor.get("full_newest"), *(fan_activity_key(fan) for fan in page.list))
                if key
            ],
            default=None,
        )
        if done:
            latest = WalkState(boundary=newest, complete=True).as_json()
            new_cursor = {"full_at": fetched_at.isoformat(), "full_offset": None, "latest": latest}
        else:
            next_offset = offset + len(page.list) - OFFSET_OVERLAP
            new_cursor = {**cursor, "full_offset": next_offset, "full_newest": newest}
        rows = [fan_row(fan, snapshot_at=fetched_at) for fan in page.list]
        rows_written += await ctx.write(
            Stream.FANS,
            lambda rows=rows: len(_fans_write(ctx, rows)) if rows else 0,
            cursor=new_cursor,
            total=total,
        )
        if done:
            return rows_written
        cursor, offset = new_cursor, new_cursor["full_offset"]


async def _latest_walk(ctx: SyncContext, cursor: dict) -> int:
    written = 0

    async def fetch(offset: int | None) -> Page:
        page = await ctx.client.subscribers_latest_page(offset=offset or 0, limit=PAGE_SIZE)
        return Page(items=page.list, has_more=page.has_more, next_cursor=(offset or 0) + len(page.list))

    async def write(items, state: WalkState) -> None:
        nonlocal written
        now = snapshot_time(ctx)
        rows = [fan_row(fan, snapshot_at=now) for fan in items]
        written += await ctx.write(
            Stream.FANS,
            lambda: len(_fans_write(ctx, rows)) if rows else 0,
            cursor={**cursor, "latest": state.as_json()},
        )

    await walk_newest_first(
        state=WalkState.from_json(cursor.get("latest")), fetch=fetch, key=fan_activity_key, write=write
    )
    return written
