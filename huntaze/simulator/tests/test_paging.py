"""Every cursor walks every item exactly once and ``hasMore`` ends the walk (read-only)."""

from __future__ import annotations

from typing import Any

import httpx

from huntaze.simulator.data import CREATOR_ID
from huntaze.simulator.server import SimulatorConfig, run_in_thread
from huntaze.simulator.tests.conftest import Api


def _state(api: Api, what: str) -> Any:
    return httpx.get(f"{api.sim.base_url}/_sim/state/{what}").json()


def test_chats_by_offset_reach_every_chat_once_newest_first(shared_api: Api) -> None:
    seen: list[int] = []
    last_times: list[str] = []
    offset = 0
    while True:
        page = shared_api.ok("/chats", limit=7, offset=offset, order="recent", skip_users="all")
        seen += [chat["withUser"]["id"] for chat in page["list"]]
        last_times += [chat["lastMessage"]["createdAt"] for chat in page["list"]]
        offset = page["nextOffset"]
        if not page["hasMore"]:
            break
    assert seen == [chat["userId"] for chat in _state(shared_api, "chats")]
    assert len(set(seen)) == len(seen) == 25
    assert last_times == sorted(last_times, reverse=True)
    old = shared_api.ok("/chats", limit=100, order="old")["list"]
    assert [chat["withUser"]["id"] for chat in old] == seen[::-1]


def test_chats_unread_filter_keeps_only_unread(shared_api: Api) -> None:
    unread = shared_api.ok("/chats", limit=100, filter="unread")["list"]
    assert unread
    assert all(chat["unreadMessagesCount"] > 0 for chat in unread)
    assert shared_api.get("/chats", filter="bogus").status_code == 400


def test_messages_walk_by_id_cursor_and_by_offset(shared_api: Api) -> None:
    short_pages = 0
    for chat in _state(shared_api, "chats")[:8]:
        user_id = chat["userId"]
        expected = [m["id"] for m in _state(shared_api, f"chats/{user_id}/messages")]
        newest_first: list[int] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 10, "order": "desc", "skip_users": "all"}
            if cursor:
                params["id"] = cursor
            page = shared_api.ok(f"/chats/{user_id}/messages", **params)
            ids = [m["id"] for m in page["list"]]
            short_pages += page["hasMore"] and len(ids) < 10
            newest_first += ids
            if not page["hasMore"]:
                break
            cursor = ids[-1]
        assert newest_first == expected
        oldest_first: list[int] = []
        offset = 0
        while True:
            page = shared_api.ok(f"/chats/{user_id}/messages", limit=10, order="asc", offset=offset)
            oldest_first += [m["id"] for m in page["list"]]
            offset += len(page["list"])
            if not page["hasMore"]:
                break
        assert oldest_first == expected[::-1]
    assert short_pages > 0


def test_subscribers_by_offset_partition_into_active_and_expired(shared_api: Api) -> None:
    def walk(kind: str) -> list[int]:
        ids: list[int] = []
        offset = 0
        while True:
            page = shared_api.ok(
                "/subscriptions/subscribers", type=kind, limit=9, offset=offset, format="infinite"
            )
            ids += [fan["id"] for fan in page["list"]]
            offset += 9
            if not page["hasMore"]:
                return ids

    everyone, active, expired = walk("all"), walk("active"), walk("expired")
    assert len(set(everyone)) == len(everyone) == 40
    assert sorted(active + expired) == sorted(everyone)
    counts = shared_api.ok("/subscriptions/count/all")["subscribers"]
    assert (counts["active"], counts["expired"], counts["all"]) == (len(active), len(expired), 40)
    fans = shared_api.ok("/subscriptions/subscribers", type="all", limit=100)["list"]
    subscribed = [fan["subscribedOnData"]["subscribeAt"] for fan in fans]
    assert subscribed == sorted(subscribed, reverse=True)
    latest = shared_api.ok("/subscriptions/subscribers/latest", limit=100, offset=0, format="infinite")[
        "list"
    ]
    assert sorted(fan["id"] for fan in latest) == sorted(everyone)


def test_posts_by_tail_marker_reach_every_post_once(shared_api: Api) -> None:
    ids: list[int] = []
    marker = None
    while True:
        params: dict[str, Any] = {"limit": 7, "order": "publish_date_desc", "format": "infinite"}
        if marker:
            params["beforePublishTime"] = marker
        page = shared_api.ok(f"/users/{CREATOR_ID}/posts", **params)
        ids += [post["id"] for post in page["list"]]
        assert page["tailMarker"] == page["list"][-1]["postedAtPrecise"]
        marker = page["tailMarker"]
        if not page["hasMore"]:
            break
    assert len(set(ids)) == len(ids) == 30
    assert ids == sorted(ids, reverse=True)
    assert page["counters"]["postsCount"] == 30


def test_transactions_by_marker_reach_every_row_once(shared_api: Api) -> None:
    ids: list[str] = []
    marker = None
    while True:
        page = shared_api.ok("/payouts/transactions", limit=100, **({"marker": marker} if marker else {}))
        ids += [tx["id"] for tx in page["list"]]
        marker = page["nextMarker"]
        if not page["hasMore"]:
            break
    assert ids == [tx["id"] for tx in _state(shared_api, "transactions")]
    assert len(set(ids)) == len(ids) == 300
    assert all(int(i, 16) >= 0 for i in ids)
    recent = shared_api.ok("/payouts/transactions", startDate="2026-10-01 00:00:00")["list"]
    assert recent
    assert all(tx["createdAt"] >= "2026-10-01" for tx in recent)


def test_vault_by_offset_reaches_every_media_once(shared_api: Api) -> None:
    ids: list[int] = []
    offset = 0
    while True:
        page = shared_api.ok("/vault/media", limit=24, offset=offset, list="all", field="recent", sort="desc")
        ids += [media["id"] for media in page["list"]]
        offset += 24
        if not page["hasMore"]:
            break
    assert len(set(ids)) == len(ids) == 40


def test_earnings_chart_totals_match_the_ledger(shared_api: Api) -> None:
    chart = shared_api.ok(
        "/earnings/chart", startDate="2025-10-01 00:00:00", endDate="2026-11-01 00:00:00", withTotal="true"
    )
    rows = [tx for tx in _state(shared_api, "transactions") if tx["status"] != "undo"]
    assert round(chart["total"]["gross"], 2) == round(sum(tx["amount"] for tx in rows), 2)
    assert sum(point["count"] for point in chart["total"]["chartCount"]) == len(rows)
    assert set(chart) >= {"total", "subscribes", "tips", "messages", "post", "stream"}


def test_same_seed_gives_the_same_first_pages_and_another_seed_differs(shared_api: Api) -> None:
    def first_pages(api: Api) -> list[Any]:
        return [
            api.ok("/chats", limit=5),
            api.ok("/subscriptions/subscribers", type="all", limit=5),
            api.ok("/payouts/transactions"),
            api.ok(f"/users/{CREATOR_ID}/posts", limit=5),
        ]

    mine = first_pages(shared_api)
    for seed, same in ((1, True), (2, False)):
        with run_in_thread(SimulatorConfig(seed=seed)) as sim:
            other = Api(sim)
            assert (first_pages(other) == mine) is same
            other.close()
