"""The ``iter_*`` walks: dedupe, repeated pages, stop conditions, cursors, page caps."""

from __future__ import annotations

import httpx

from huntaze.onlyfans.tests.conftest import Script, ok


def message(mid: int) -> dict:
    return {"id": mid, "fromUser": {"id": 5}, "createdAt": "2026-05-20T18:00:00+00:00"}


def fan(fid: int) -> dict:
    return {"id": fid}


async def collect(walk) -> list:
    return [page async for page in walk]


async def test_messages_walk_uses_the_oldest_id_as_cursor_until_has_more_is_false(make_client):
    script = Script(
        ok({"list": [message(30), message(29)], "hasMore": True}),
        ok({"list": [message(28)], "hasMore": False}),
    )
    pages = await collect(make_client(script).iter_messages(7, limit=2))
    assert [[m.id for m in p.items] for p in pages] == [[30, 29], [28]]
    assert [(p.cursor, p.next_cursor) for p in pages] == [(None, 29), (29, None)]
    assert script.paths[1].endswith("&id=29")


async def test_walk_stops_at_the_caller_condition(make_client):
    script = Script(ok({"list": [message(30), message(29), message(20), message(19)], "hasMore": True}))
    pages = await collect(make_client(script).iter_messages(7, stop=lambda m: m.id <= 20))
    assert [m.id for m in pages[0].items] == [30, 29]
    assert pages[0].is_last
    assert len(script.requests) == 1


async def test_walk_dedupes_ids_across_pages_and_stops_on_a_fully_repeated_page(make_client):
    script = Script(
        ok({"list": [fan(1), fan(2)], "hasMore": True}),
        ok({"list": [fan(2), fan(3)], "hasMore": True}),  # offsets shifted: 2 seen again
        ok({"list": [fan(3), fan(2)], "hasMore": True}),  # nothing new: the server is looping
    )
    pages = await collect(make_client(script).iter_subscribers("all", limit=2))
    assert [[f.id for f in p.items] for p in pages] == [[1, 2], [3], []]
    assert pages[-1].is_last
    assert script.paths[1].endswith("offset=2&format=infinite")


async def test_walk_stops_when_the_offset_cursor_does_not_grow(make_client):
    script = Script(
        ok({"list": [{"withUser": {"id": 1}}], "hasMore": True, "nextOffset": 0}),
        ok({"list": [{"withUser": {"id": 2}}], "hasMore": False}),
    )
    pages = await collect(make_client(script).iter_chats(start=0))
    assert [p.cursor for p in pages] == [0, 1]  # a nextOffset of 0 is ignored: offset + rows is used
    script = Script(ok({"list": [{"withUser": {"id": 1}}], "hasMore": True, "nextOffset": 3}))
    pages = await collect(make_client(script).iter_chats(start=5))
    assert len(pages) == 1
    assert pages[0].is_last
    script = Script(ok({"list": [], "hasMore": True}))
    assert len(await collect(make_client(script).iter_vault_media())) == 1  # empty page ends it


async def test_walk_stops_when_the_marker_repeats_and_resumes_from_a_saved_cursor(make_client):
    tx = {"createdAt": "2026-05-20T18:00:00+00:00", "amount": 5}
    script = Script(
        ok({"list": [{**tx, "id": "b"}], "hasMore": True, "nextMarker": 100}),
        ok({"list": [{**tx, "id": "a"}], "hasMore": True, "nextMarker": 100}),
    )
    pages = await collect(make_client(script).iter_transactions(start=200))
    assert [p.cursor for p in pages] == [200, 100]
    assert pages[-1].is_last
    assert script.paths[0].endswith("marker=200")


async def test_posts_walk_follows_the_tail_marker(make_client):
    post = {"postedAt": "2026-05-18T05:37:18+00:00"}
    script = Script(
        ok({"list": [{**post, "id": 2}], "hasMore": True, "tailMarker": "1779082638.000000"}),
        ok({"list": [{**post, "id": 1}], "hasMore": False, "tailMarker": "1779000000.000000"}),
    )
    pages = await collect(make_client(script).iter_posts(412345678))
    assert [p.items[0].id for p in pages] == [2, 1]
    assert "beforePublishTime=1779082638.000000" in script.paths[1]


async def test_walk_is_capped(make_client):
    counter = iter(range(1000, 0, -1))

    def endless(request: httpx.Request) -> httpx.Response:
        return ok({"list": [message(next(counter))], "hasMore": True})

    pages = await collect(make_client(Script(endless)).iter_messages(7, max_pages=5))
    assert len(pages) == 5
