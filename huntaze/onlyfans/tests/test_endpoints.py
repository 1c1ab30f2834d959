"""Each endpoint method sends the documented path and query and parses the fixture."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from huntaze.onlyfans import NotACreatorError, SessionExpiredError
from huntaze.onlyfans.tests.conftest import ME_ID, Script, load, ok


async def test_authenticate_returns_me_for_a_creator(make_client):
    script = Script(ok(load("users_me")))
    me = await make_client(script).authenticate()
    assert (me.id, me.username) == (ME_ID, "luna_creates")
    assert script.paths == ["/api2/v2/users/me"]


async def test_authenticate_refuses_a_fan_account(make_client):
    body = {**load("users_me"), "isPerformer": False, "isRealPerformer": False}
    with pytest.raises(NotACreatorError):
        await make_client(Script(ok(body))).authenticate()


async def test_authenticate_refuses_cookies_of_another_account(make_client):
    with pytest.raises(SessionExpiredError):
        await make_client(Script(ok({**load("users_me"), "id": 1}))).authenticate()


async def test_user_is_fetched_by_id(make_client):
    script = Script(ok(load("user")))
    fan = await make_client(script).user(98765432)
    assert fan.notice == "likes feet pics"
    assert script.paths == ["/api2/v2/users/98765432"]


async def test_chats_page_query(make_client):
    script = Script(ok(load("chats")))
    page = await make_client(script).chats_page(offset=20, limit=100, filter="unread")
    assert page.has_more
    assert len(page.list) == 2
    assert script.paths == ["/api2/v2/chats?limit=100&offset=20&order=recent&skip_users=all&filter=unread"]


async def test_messages_page_desc_below_an_id_and_asc_by_offset(make_client):
    script = Script(ok(load("messages")))
    client = make_client(script)
    await client.messages_page(98765432, before_id=8099903898601)
    await client.messages_page(98765432, order="asc", offset=100, limit=100)
    assert script.paths == [
        "/api2/v2/chats/98765432/messages?limit=50&order=desc&skip_users=all&id=8099903898601",
        "/api2/v2/chats/98765432/messages?limit=100&order=asc&skip_users=all&offset=100",
    ]


async def test_subscribers_pages_query(make_client):
    script = Script(ok(load("subscribers")), ok(load("subscribers_latest")))
    client = make_client(script)
    await client.subscribers_page(type="all", offset=100, limit=100)
    latest = await client.subscribers_latest_page()
    assert latest.list[0].id == 98765432
    assert script.paths == [
        "/api2/v2/subscriptions/subscribers?type=all&limit=100&offset=100&format=infinite",
        "/api2/v2/subscriptions/subscribers/latest?limit=100&offset=0&format=infinite",
    ]


async def test_posts_page_passes_the_tail_marker(make_client):
    script = Script(ok(load("posts")))
    page = await make_client(script).posts_page(ME_ID, before_publish_time="1779082638.000000", limit=50)
    assert page.counters["postsCount"] == 412
    assert script.paths == [
        f"/api2/v2/users/{ME_ID}/posts?limit=50&order=publish_date_desc&skip_users=all&format=infinite"
        "&pinned=0&beforePublishTime=1779082638.000000"
    ]


async def test_vault_media_page_query(make_client):
    script = Script(ok(load("vault_media")))
    await make_client(script).vault_media_page(offset=24)
    assert script.paths == ["/api2/v2/vault/media?limit=24&offset=24&list=all&field=recent&sort=desc"]


async def test_transactions_and_chart_send_utc_dates(make_client):
    script = Script(ok(load("transactions")), ok(load("earnings_chart")))
    client = make_client(script)
    page = await client.transactions_page(marker=1779098405, start_date=datetime(2026, 5, 1, tzinfo=UTC))
    assert page.next_marker == 1779098405
    await client.earnings_chart(
        start=datetime(2026, 5, 1, tzinfo=UTC), end=datetime(2026, 5, 20, 23, 59, 59, tzinfo=UTC)
    )
    assert script.paths == [
        "/api2/v2/payouts/transactions?limit=100&marker=1779098405&startDate=2026-05-01+00%3A00%3A00",
        "/api2/v2/earnings/chart?startDate=2026-05-01+00%3A00%3A00&endDate=2026-05-20+23%3A59%3A59&withTotal=true",
    ]


async def test_requests_made_counts_attempts(make_client):
    client = make_client(Script(ok(load("subscriptions_count_all"))))
    await client.subscriber_counts()
    await client.subscriber_counts()
    assert client.requests_made == 2
