"""Resumable newest-first walks: the one paging mechanism behind every incremental stream.

OnlyFans lists messages, transactions, posts and recent subscribers newest first. A walk
starts at the top and goes older until it meets ``boundary`` (the newest key already fully
stored) or the end of the list. Its progress (``gap_upper``, ``gap_before``) is saved with
every page in the same transaction as the page's rows, so a killed worker resumes exactly
where it stopped and the boundary only moves once everything above it is stored.

With nothing new, a walk costs one request: the first page already reaches the boundary.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class WalkState:
    boundary: Any = None  # newest key with everything at or below it stored
    gap_upper: Any = None  # newest key of the walk in progress (None: no walk in progress)
    gap_before: Any = None  # page cursor to resume the walk in progress from
    complete: bool = False  # a walk has reached the very start of the list once

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> WalkState:
        data = data or {}
        return cls(
            **{name: data.get(name) for name in ("boundary", "gap_upper", "gap_before")},
            complete=bool(data.get("complete")),
        )


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    has_more: bool
    next_cursor: Any


async def walk_newest_first(
    *,
    state: WalkState,
    fetch: Callable[[Any], Awaitable[Page[T]]],
    key: Callable[[T], Any],
    write: Callable[[Sequence[T], WalkState], Awaitable[None]],
    max_pages: int = 100_000,
) -> WalkState:
    """Walk pages from the top (or from a saved gap) to the boundary; returns the final state.

    ``write(items, new_state)`` must store the items and the state atomically. Items at or
    above the boundary are written again (an overlap that refreshes late changes).
    """
    cursor = state.gap_before if state.gap_upper is not None else None
    for _ in range(max_pages):
        page = await fetch(cursor)
        keys = [key(item) for item in page.items]
        upper = state.gap_upper if state.gap_upper is not None else (max(keys) if keys else state.boundary)
        reached = state.boundary is not None and bool(keys) and min(keys) < state.boundary
        ended = not page.has_more or not page.items or page.next_cursor in (None, cursor)
        if reached or ended:
            boundary = upper if state.boundary is None or upper is None else max(upper, state.boundary)
            state = WalkState(boundary=boundary, complete=state.complete or (ended and not reached))
        else:
            state = replace(state, gap_upper=upper, gap_before=page.next_cursor)
        await write(page.items, state)
        if reached or ended:
            return state
        cursor = page.next_cursor
    return state
