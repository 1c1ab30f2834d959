"""The resumable newest-first walk, on an in-memory list (no database, no HTTP)."""

from __future__ import annotations

import pytest

from huntaze.sync.walk import Page, WalkState, walk_newest_first


class RemoteList:
    """A newest-first list paged by "strictly older than cursor", like OnlyFans messages."""

    def __init__(self, ids: list[int], page_size: int = 3) -> None:
        self.ids = sorted(ids, reverse=True)
        self.page_size = page_size
        self.fetches = 0

    async def fetch(self, before: int | None) -> Page[int]:
        self.fetches += 1
        older = [i for i in self.ids if before is None or i < before]
        items = older[: self.page_size]
        return Page(items=items, has_more=len(older) > len(items), next_cursor=items[-1] if items else None)


class Store:
    def __init__(self, fail_on_write: int | None = None) -> None:
        self.rows: set[int] = set()
        self.state = WalkState()
        self.writes = 0
        self.fail_on_write = fail_on_write

    async def write(self, items, state: WalkState) -> None:
        self.writes += 1
        if self.writes == self.fail_on_write:
            raise KeyboardInterrupt("worker killed")  # nothing of this page is stored
        self.rows.update(items)
        self.state = state


async def walk(remote: RemoteList, store: Store) -> WalkState:
    return await walk_newest_first(state=store.state, fetch=remote.fetch, key=lambda i: i, write=store.write)


async def test_initial_walk_stores_everything_and_completes():
    remote, store = RemoteList(list(range(1, 11))), Store()
    state = await walk(remote, store)
    assert store.rows == set(range(1, 11))
    assert (state.boundary, state.complete, state.gap_upper) == (10, True, None)
    assert remote.fetches == 4


async def test_nothing_new_costs_one_request():
    remote, store = RemoteList(list(range(1, 11))), Store()
    await walk(remote, store)
    remote.fetches = 0
    await walk(remote, store)
    assert remote.fetches == 1


async def test_new_items_are_fetched_down_to_the_boundary_only():
    remote, store = RemoteList(list(range(1, 11))), Store()
    await walk(remote, store)
    remote.ids = sorted(range(1, 18), reverse=True)
    remote.fetches = 0
    state = await walk(remote, store)
    assert store.rows == set(range(1, 18))
    assert state.boundary == 17
    assert remote.fetches == 3  # 17-15, 14-12, 11-9 (reaches boundary 10)


@pytest.mark.parametrize("killed_at", [1, 2, 3, 4])
async def test_a_killed_walk_resumes_without_loss(killed_at):
    remote = RemoteList(list(range(1, 11)))
    store = Store(fail_on_write=killed_at)
    with pytest.raises(KeyboardInterrupt):
        await walk(remote, store)
    remote.ids = sorted(range(1, 13), reverse=True)  # new items arrive meanwhile
    store.fail_on_write = None
    state = await walk(remote, store)  # resumes the gap, boundary unchanged until it closes
    if state.boundary != 12:
        state = await walk(remote, store)  # the next run picks up what arrived on top
    assert store.rows == set(range(1, 13))
    assert state.complete


async def test_a_crash_never_moves_the_boundary_past_missing_rows():
    remote = RemoteList(list(range(1, 11)))
    store = Store()
    await walk(remote, store)
    remote.ids = sorted(range(1, 21), reverse=True)
    store.fail_on_write = store.writes + 2  # dies on the second page of the new walk
    with pytest.raises(KeyboardInterrupt):
        await walk(remote, store)
    assert store.state.boundary == 10  # 11..17 not all stored: boundary stays
    assert store.state.gap_upper == 20
    store.fail_on_write = None
    await walk(remote, store)
    assert store.rows == set(range(1, 21))
    assert store.state.boundary == 20


async def test_state_survives_json_round_trip():
    state = WalkState(boundary=5, gap_upper=9, gap_before=7, complete=True)
    assert WalkState.from_json(state.as_json()) == state
    assert WalkState.from_json(None) == WalkState()
