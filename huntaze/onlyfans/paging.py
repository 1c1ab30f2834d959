"""The one pager behind every ``iter_*`` method of the client.

OnlyFans lists page with different cursors (offset, last id, publish-time marker, ledger
marker; spec §3) but fail the same ways: rows repeat across pages, ``hasMore`` may never
turn false, a cursor may stop moving. The walk therefore dedupes ids, ends when a page
brings nothing new or the cursor does not advance, and caps the number of pages.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

logger = logging.getLogger("huntaze.onlyfans.paging")


@dataclass(frozen=True, slots=True)
class WalkPage(Generic[T]):
    """One page of a walk, with what a caller needs to persist and resume it.

    ``items`` are the page's rows not seen earlier in this walk, cut before the first row
    matching ``stop``; ``next_cursor`` is ``None`` once the walk has ended.
    """

    items: list[T]
    page: Any
    cursor: Any
    next_cursor: Any

    @property
    def is_last(self) -> bool:
        return self.next_cursor is None


async def walk_pages(
    *,
    fetch: Callable[[Any], Awaitable[Any]],
    advance: Callable[[Any, Any], Any],
    key: Callable[[T], Hashable],
    start: Any = None,
    stop: Callable[[T], bool] | None = None,
    max_pages: int,
    endpoint: str,
) -> AsyncIterator[WalkPage[T]]:
    """Yield pages from ``start`` until the end, ``stop`` or ``max_pages``.

    ``fetch(cursor)`` returns a page with ``list`` and ``has_more``; ``advance(page, cursor)``
    returns the next cursor, or ``None`` when it would not move forward.
    """
    seen: set[Hashable] = set()
    cursor = start
    for _ in range(max_pages):
        page = await fetch(cursor)
        fresh: list[T] = []
        stopped = False
        for item in page.list:
            if stop is not None and stop(item):
                stopped = True
                break
            item_key = key(item)
            if item_key not in seen:
                seen.add(item_key)
                fresh.append(item)
        repeated = bool(page.list) and not fresh and not stopped
        next_cursor = (
            None if stopped or repeated or not page.has_more or not page.list else advance(page, cursor)
        )
        yield WalkPage(items=fresh, page=page, cursor=cursor, next_cursor=next_cursor)
        if next_cursor is None:
            return
        cursor = next_cursor
    logger.warning("stopped walking OnlyFans %s after %d pages (page cap)", endpoint, max_pages)


def offset_advance(page: Any, offset: int | None) -> int | None:
    """Offset lists: ``nextOffset`` when given, else past the rows returned; must grow."""
    current = offset or 0
    candidate = getattr(page, "next_offset", None) or current + len(page.list)
    return candidate if candidate > current else None
