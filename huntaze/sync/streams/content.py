"""The content stream: posts (newest first, down to the stored boundary) and the vault.

Posts are walked with ``walk_newest_first`` keyed on their publish time; the first page is
always re-read, which refreshes the counters (likes, comments, tips) of recent posts. The
vault has no useful change marker, so it is re-walked in full at most every
``VAULT_EVERY`` — an incremental sync with nothing new costs one request.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from huntaze.content.services import content_upsert_many
from huntaze.sync.context import SyncContext
from huntaze.sync.mapping import post_row, vault_row
from huntaze.sync.models import Stream
from huntaze.sync.walk import Page, WalkState, walk_newest_first

POSTS_PAGE_SIZE = 50
VAULT_PAGE_SIZE = 100
VAULT_EVERY = timedelta(hours=6)


async def content_stream(ctx: SyncContext) -> int:
    cursor = await ctx.db(ctx.cursor_load, Stream.CONTENT)
    written = await _posts(ctx, cursor)
    cursor = await ctx.db(ctx.cursor_load, Stream.CONTENT)
    vault_at = cursor.get("vault_at")
    if (
        cursor.get("vault_offset") is not None
        or not vault_at
        or (timezone.now() - datetime.fromisoformat(vault_at) > VAULT_EVERY)
    ):
        written += await _vault(ctx, cursor)
    return written


async def _posts(ctx: SyncContext, cursor: dict) -> int:
    written = 0

    async def fetch(before: str | None) -> Page:
        page = await ctx.client.posts_page(ctx.me_id, before_publish_time=before, limit=POSTS_PAGE_SIZE)
        return Page(items=page.list, has_more=page.has_more, next_cursor=page.tail_marker)

    async def write(items, state: WalkState) -> None:
        nonlocal written
        rows = [post_row(post) for post in items]
        written += await ctx.write(
            Stream.CONTENT,
            lambda: content_upsert_many(account_id=ctx.account_id, rows=rows),
            cursor={**cursor, "posts": state.as_json()},
        )
        cursor["posts"] = state.as_json()

    await walk_newest_first(
        state=WalkState.from_json(cursor.get("posts")),
        fetch=fetch,
        key=lambda post: post.publish_key,
        write=write,
    )
    return written


async def _vault(ctx: SyncContext, cursor: dict) -> int:
    offset = cursor.get("vault_offset") or 0
    written = 0
    while True:
        page = await ctx.client.vault_media_page(offset=offset, limit=VAULT_PAGE_SIZE)
        rows = [vault_row(media) for media in page.list]
        done = not page.has_more or not page.list
        offset += len(page.list)
        cursor = (
            {**cursor, "vault_offset": None, "vault_at": timezone.now().isoformat()}
            if done
            else {**cursor, "vault_offset": offset}
        )
        written += await ctx.write(
            Stream.CONTENT,
            lambda rows=rows: content_upsert_many(account_id=ctx.account_id, rows=rows),
            cursor=cursor,
        )
        if done:
            return written
