"""Cursor pagination: every row exactly once, in order, whatever the ties and NULLs; bad cursors 422."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest

from huntaze.core.tests.factories import (
    BASE_TIME,
    make_chat_with_messages,
    make_content,
    make_earning,
    make_fan,
)
from huntaze.inbox.models import Chat

ROWS = 23  # with limit 5: four full pages and a short one


@pytest.fixture
def filled(client, owner, account):
    """Rows whose sort keys repeat (ties broken by pk) and are sometimes NULL (sorted last)."""
    fans = [
        make_fan(
            account,
            spend_total_cents=(i % 4) * 100,
            last_message_at=None if i % 5 == 0 else BASE_TIME + timedelta(hours=i % 3),
        )
        for i in range(ROWS)
    ]
    for i, fan in enumerate(fans):
        chat = make_chat_with_messages(account, fan, count=1 if i else ROWS)
        if i % 6 == 0:
            Chat.objects.filter(pk=chat.pk).update(last_message_at=None)
        make_content(account, published_at=None if i % 7 == 0 else BASE_TIME - timedelta(days=i % 4))
        make_earning(account, fan=fan, occurred_at=BASE_TIME - timedelta(minutes=10 * (i % 5)))
    client.force_login(owner)
    return {"chat": Chat.objects.filter(account=account).order_by("pk").first(), "client": client}


def _lists(filled) -> dict[str, str]:
    return {
        "chats": "/api/onlyfans/chats",
        "messages": f"/api/onlyfans/chats/{filled['chat'].pk}/messages",
        "fans by spend": "/api/onlyfans/fans?sort=spend",
        "fans by activity": "/api/onlyfans/fans?sort=last_activity",
        "content": "/api/onlyfans/content",
        "earnings": "/api/onlyfans/earnings",
    }


SORT_KEYS = {
    "chats": "last_message_at",
    "messages": "sent_at",
    "fans by spend": "spend_total_cents",
    "fans by activity": "last_message_at",
    "content": "published_at",
    "earnings": "occurred_at",
}


def _walk(client, url: str, limit: int) -> list[dict]:
    rows, cursor, pages = [], None, 0
    joiner = "&" if "?" in url else "?"
    while True:
        response = client.get(f"{url}{joiner}limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200, response.content
        body = response.json()
        assert len(body["items"]) <= limit
        rows += body["items"]
        cursor, pages = body["next_cursor"], pages + 1
        if cursor is None:
            return rows
        assert pages < 100


@pytest.mark.parametrize("limit", [1, 4, 5])
@pytest.mark.parametrize("name", list(SORT_KEYS))
def test_walking_the_pages_returns_every_row_once_in_order(filled, name, limit):
    client, url = filled["client"], _lists(filled)[name]
    everything = client.get(f"{url}{'&' if '?' in url else '?'}limit=100").json()
    assert everything["next_cursor"] is None
    assert len(everything["items"]) == ROWS
    walked = _walk(client, url, limit=limit)
    assert [row["id"] for row in walked] == [row["id"] for row in everything["items"]]
    key = SORT_KEYS[name]

    # Descending by key with NULLs last, then by id descending.
    def order(row: dict) -> tuple:
        return (row[key] is not None, row[key] if row[key] is not None else 0, row["id"])

    assert [row["id"] for row in walked] == [row["id"] for row in sorted(walked, key=order, reverse=True)]


def test_an_exact_final_page_has_no_next_cursor(filled):
    client = filled["client"]
    first = client.get("/api/onlyfans/earnings?limit=20").json()
    last = client.get(f"/api/onlyfans/earnings?limit=3&cursor={first['next_cursor']}").json()
    assert len(last["items"]) == 3
    assert last["next_cursor"] is None


def _b64(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


MALFORMED = [
    "not-a-cursor",
    "%%%",
    "é",
    _b64([]),
    _b64({"a": 1, "b": 2, "c": 3}),
    _b64("abc"),
    _b64(["sent_at", "2026-05-20T18:00:00+00:00", 1]),  # another list's cursor
    _b64(["occurred_at", "yesterday", 1]),
    _b64(["occurred_at", "2026-05-20T18:00:00", 1]),  # naive
    _b64(["occurred_at", "2026-05-20", 1]),
    _b64(["occurred_at", None, 1]),  # the field is never NULL
    _b64(["occurred_at", 12, 1]),
    _b64(["occurred_at", ["x"], 1]),
    _b64(["occurred_at", "2026-05-20T18:00:00+00:00", 0]),
    _b64(["occurred_at", "2026-05-20T18:00:00+00:00", "1"]),
    _b64(["occurred_at", "2026-05-20T18:00:00+00:00", True]),
    _b64(["occurred_at", "2026-05-20T18:00:00+00:00", 2**64]),
    _b64(["occurred_at", "2026-05-20T18:00:00+00:00", 1.5]),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    "x" * 201,
]


@pytest.mark.parametrize("cursor", MALFORMED)
def test_a_malformed_cursor_is_a_clear_422(client, owner, account, cursor):
    client.force_login(owner)
    response = client.get("/api/onlyfans/earnings", {"cursor": cursor})
    assert response.status_code == 422
    assert response.json()["code"] in {"invalid_cursor", "invalid"}


@pytest.mark.parametrize(
    "cursor",
    [
        _b64(["spend_total_cents", 10**30, 5]),
        _b64(["spend_total_cents", -(10**30), 5]),
        _b64(["spend_total_cents", "1e400", 5]),
        _b64(["spend_total_cents", "NaN", 5]),
        "WyJzcGVuZF90b3RhbF9jZW50cyIsIE5hTiwgNV0",  # [..., NaN, 5]: Python's json accepts NaN
    ],
)
def test_out_of_range_cursor_values_do_not_crash(client, owner, account, cursor):
    make_fan(account)
    client.force_login(owner)
    response = client.get("/api/onlyfans/fans", {"cursor": cursor})
    assert response.status_code in {200, 422}


def test_limit_is_bounded(client, owner, account):
    client.force_login(owner)
    for limit in (0, 101, -1, "x"):
        assert client.get("/api/onlyfans/chats", {"limit": limit}).status_code == 422
