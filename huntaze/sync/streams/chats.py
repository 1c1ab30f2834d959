"""The chats stream: the inbox list, then the new messages of the chats that changed.

Chats come newest activity first (``order=recent``, offset pages). A chat needs work when
its remote last message is newer than what its ``ChatCursor`` says is fully stored, or when
a walk of its messages was interrupted. Until the first complete pass, every chat is
visited (the chat offset is saved per page); afterwards the walk stops at the first chat
that did not change — one request when nothing happened.

Each chat's messages are walked newest first down to the stored boundary with
``walk_newest_first``; the chat cursor is saved with every page of messages. Several chats
are fetched at once (``CHAT_CONCURRENCY``) — the rate limiter still paces every request.

An edit or deletion of an *older* message does not move the chat in the list, so every
``RECHECK_EVERY`` the first page of the ``RECHECK_CHATS`` most recently active chats is read
again (edits are applied and recorded, vanished messages marked deleted).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.utils import timezone

from huntaze.events.emit import messages_upsert_with_events
from huntaze.fans.services import fan_ids_by_onlyfans_id, fan_stubs_ensure
from huntaze.inbox.choices import OutboundStatus
from huntaze.inbox.models import Chat, OutboundMessage
from huntaze.inbox.sending import outbound_reconcile
from huntaze.inbox.services import chat_upsert_many
from huntaze.sync.context import SyncContext
from huntaze.sync.mapping import chat_row, chat_user_profile, message_row
from huntaze.sync.models import ChatCursor, Stream
from huntaze.sync.walk import Page, WalkState, walk_newest_first

CHATS_PAGE_SIZE = 100
MESSAGES_PAGE_SIZE = 100
CHAT_CONCURRENCY = 4
RECHECK_EVERY = timedelta(hours=6)
RECHECK_CHATS = 50
NEWEST_POSSIBLE_ID = 2**63 - 1


@dataclass(frozen=True, slots=True)
class ChatTarget:
    """What a chat's message walk needs: its rows' ids and its cursor."""

    fan_onlyfans_id: int
    chat_id: int
    fan_id: int
    cursor: ChatCursor
    sends_unconfirmed: bool = False  # a send through Huntaze whose answer was lost


def _chat_targets(account_id: int, fan_onlyfans_ids: Sequence[int]) -> dict[int, ChatTarget]:
    """Stored chats of these fans with their cursors (created when missing), in four queries
    however many chats: a query per chat was a tenth of a large sync's database time."""
    fans = fan_ids_by_onlyfans_id(account_id=account_id, onlyfans_ids=fan_onlyfans_ids)
    chats = dict(
        Chat.objects.filter(account_id=account_id, fan_id__in=fans.values())
        .order_by()
        .values_list("fan_id", "pk")
    )
    ChatCursor.objects.bulk_create(
        [ChatCursor(account_id=account_id, fan_onlyfans_id=of_id) for of_id in fans],
        ignore_conflicts=True,
    )
    cursors = ChatCursor.objects.filter(account_id=account_id, fan_onlyfans_id__in=fans)
    unconfirmed = set(
        OutboundMessage.objects.filter(chat_id__in=chats.values(), status=OutboundStatus.SENDING).values_list(
            "chat_id", flat=True
        )
    )
    return {
        c.fan_onlyfans_id: ChatTarget(
            c.fan_onlyfans_id,
            chats[fans[c.fan_onlyfans_id]],
            fans[c.fan_onlyfans_id],
            c,
            sends_unconfirmed=chats[fans[c.fan_onlyfans_id]] in unconfirmed,
        )
        for c in cursors
        if fans[c.fan_onlyfans_id] in chats
    }


def _interrupted_chats(account_id: int) -> list[ChatTarget]:
    """Chats whose message walk was cut by a crash: resume them first."""
    cursors = ChatCursor.objects.filter(account_id=account_id, gap_upper__isnull=False)
    return list(_chat_targets(account_id, list(cursors.values_list("fan_onlyfans_id", flat=True))).values())


def _chats_page_write(account_id: int, chats: list) -> dict[int, ChatTarget]:
    """Store the chats and their fans (stubs if unknown); returns the chats' message targets."""
    fans = fan_stubs_ensure(
        account_id=account_id, users={c.with_user.id: chat_user_profile(c) for c in chats}
    )
    chat_upsert_many(account_id=account_id, rows=[chat_row(c, fan_id=fans[c.with_user.id]) for c in chats])
    return _chat_targets(account_id, [c.with_user.id for c in chats])


def _needs_messages(chat, cursor: ChatCursor) -> bool:
    last_id = chat.last_message.id if chat.last_message else None
    return cursor.gap_upper is not None or (last_id is not None and last_id != cursor.newest_id)


async def chats_stream(ctx: SyncContext) -> int:
    state = await ctx.db(ctx.cursor_load, Stream.CHATS)
    first_pass_done = bool(state.get("complete"))
    offset = 0 if first_pass_done else state.get("offset", 0)
    written = 0
    for target in await ctx.db(_interrupted_chats, ctx.account_id):
        written += await _chat_messages_sync(ctx, target)
    while True:
        page = await ctx.client.chats_page(offset=offset, limit=CHATS_PAGE_SIZE, order="recent")
        chats = list(page.list)
        targets = await ctx.db(_chats_page_write, ctx.account_id, chats) if chats else {}
        changed, reached_unchanged = [], False
        for chat in chats:
            target = targets[chat.with_user.id]
            if _needs_messages(chat, target.cursor):
                changed.append(target)
            elif first_pass_done:
                reached_unchanged = True
                break
        written += sum(
            await _gather_limited([partial(_chat_messages_sync, ctx, target) for target in changed])
        )
        if not page.has_more or not chats or reached_unchanged:
            break
        offset += len(chats)
        state = {**state, "complete": first_pass_done, "offset": offset}
        await ctx.write(Stream.CHATS, lambda: 0, cursor=state)
    recheck_at = state.get("recheck_at")
    if first_pass_done and (
        not recheck_at or timezone.now() - datetime.fromisoformat(recheck_at) > RECHECK_EVERY
    ):
        recent = await ctx.db(_recent_chats, ctx.account_id)
        written += sum(
            await _gather_limited([partial(_chat_messages_sync, ctx, target) for target in recent])
        )
        recheck_at = None
    state = {"complete": True, "offset": 0, "recheck_at": recheck_at or timezone.now().isoformat()}
    await ctx.write(Stream.CHATS, lambda: 0, cursor=state)
    return written


def _recent_chats(account_id: int) -> list[ChatTarget]:
    chats = Chat.objects.filter(account_id=account_id).order_by("-last_message_at")[:RECHECK_CHATS]
    return list(_chat_targets(account_id, list(chats.values_list("fan__onlyfans_id", flat=True))).values())


async def _gather_limited(jobs: list[Callable[[], Awaitable[int]]]) -> list[int]:
    """Run at most ``CHAT_CONCURRENCY`` at once; the first failure cancels the rest.

    Cancelling matters: after an expired session or a block, no chat may go on asking.
    """
    semaphore = asyncio.Semaphore(CHAT_CONCURRENCY)

    async def run(job: Callable[[], Awaitable[int]]) -> int:
        async with semaphore:
            return await job()

    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(run(job)) for job in jobs]
    except* Exception as failures:
        raise failures.exceptions[0] from None
    return [task.result() for task in tasks]


async def _chat_messages_sync(ctx: SyncContext, target: ChatTarget) -> int:
    fan_onlyfans_id, chat_id, fan_id, cursor = (
        target.fan_onlyfans_id,
        target.chat_id,
        target.fan_id,
        target.cursor,
    )
    written = 0

    windows: dict[int, tuple[int, int]] = {}

    async def fetch(before_id: int | None) -> Page:
        page = await ctx.client.messages_page(fan_onlyfans_id, before_id=before_id, limit=MESSAGES_PAGE_SIZE)
        ids = [m.id for m in page.list]
        if ids:
            # The page holds every message from its oldest id up to (excluding) the cursor —
            # up to the newest one for the first page: a stored message in there was deleted.
            windows[min(ids)] = (min(ids), before_id - 1 if before_id else NEWEST_POSSIBLE_ID)
        return Page(items=page.list, has_more=page.has_more, next_cursor=min(ids) if ids else None)

    async def write(items, state: WalkState) -> None:
        nonlocal written
        rows = [message_row(m, me_id=ctx.me_id) for m in items]
        window = windows.pop(min(r["onlyfans_id"] for r in rows)) if rows else None

        def store() -> int:
            result = messages_upsert_with_events(
                account_id=ctx.account_id,
                chat_id=chat_id,
                fan_id=fan_id,
                rows=rows,
                window=window,
                record=Stream.CHATS in ctx.events_live,
            )
            ChatCursor.objects.filter(pk=cursor.pk).update(
                newest_id=state.boundary,
                gap_upper=state.gap_upper,
                gap_before=state.gap_before,
                complete=state.complete,
            )
            return result.created + result.edited + result.deleted

        written += await ctx.write(Stream.CHATS, store)

    start = WalkState(
        boundary=cursor.newest_id,
        gap_upper=cursor.gap_upper,
        gap_before=cursor.gap_before,
        complete=cursor.complete,
    )
    await walk_newest_first(state=start, fetch=fetch, key=lambda m: m.id, write=write)
    if target.sends_unconfirmed:
        await ctx.db(outbound_reconcile, chat_id=chat_id)
    return written
