"""The generated account adds up: spend totals, chat sales and the ledger agree."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import httpx

from huntaze.core.money import dollars_to_cents
from huntaze.simulator.data import CREATOR_ID
from huntaze.simulator.tests.conftest import Api

KIND_FIELDS = {
    "subscription": "subscribesSumm",
    "tip": "tipsSumm",
    "message": "messagesSumm",
    "post": "postsSumm",
    "stream": "streamsSumm",
}
PREFIXES = {
    "Tip from": "tip",
    "Payment for message from": "message",
    "Subscription from": "subscription",
    "Recurring subscription from": "subscription",
    "Post from": "post",
    "Stream from": "stream",
}


def _state(api: Api, what: str) -> Any:
    return httpx.get(f"{api.sim.base_url}/_sim/state/{what}").json()


def _ledger_by_fan(api: Api) -> dict[int, Counter[str]]:
    totals: dict[int, Counter[str]] = defaultdict(Counter)
    for tx in _state(api, "transactions"):
        prefix = tx["description"].split(" <a ")[0]
        assert PREFIXES[prefix] == tx["kind"]
        if tx["status"] != "undo":
            totals[tx["user"]["id"]][KIND_FIELDS[tx["kind"]]] += dollars_to_cents(tx["amount"])
    return totals


def test_subscriber_spend_totals_equal_the_fans_ledger_rows(shared_api: Api) -> None:
    ledger = _ledger_by_fan(shared_api)
    fans = shared_api.ok("/subscriptions/subscribers", type="all", limit=100)["list"]
    assert any(ledger[fan["id"]] for fan in fans)
    for fan in fans:
        data = fan["subscribedOnData"]
        for name in KIND_FIELDS.values():
            assert dollars_to_cents(data[name]) == ledger[fan["id"]][name], (fan["id"], name)
        assert dollars_to_cents(data["totalSumm"]) == sum(ledger[fan["id"]].values())


def test_purchased_ppv_and_chat_tips_each_have_their_ledger_row(shared_api: Api) -> None:
    sales: dict[tuple[int, str], Counter[int]] = defaultdict(Counter)
    for tx in _state(shared_api, "transactions"):
        if tx["kind"] in ("tip", "message"):
            sales[tx["user"]["id"], tx["kind"]][dollars_to_cents(tx["amount"])] += 1
    seen: dict[tuple[int, str], Counter[int]] = defaultdict(Counter)
    for chat in _state(shared_api, "chats"):
        messages = _state(shared_api, f"chats/{chat['userId']}/messages")
        assert messages[0]["id"] == chat["lastMessageId"]
        for m in messages:
            outbound = m["fromUser"]["id"] == CREATOR_ID
            if m["isTip"]:
                seen[chat["userId"], "tip"][dollars_to_cents(m["price"])] += 1
            elif outbound and m["price"] and m["isOpened"]:
                seen[chat["userId"], "message"][dollars_to_cents(m["price"])] += 1
    assert seen == sales
    assert sum(sum(c.values()) for c in sales.values()) > 20


def test_chats_last_message_is_the_newest_message(shared_api: Api) -> None:
    for chat in shared_api.ok("/chats", limit=100)["list"]:
        newest = shared_api.ok(f"/chats/{chat['withUser']['id']}/messages", limit=1)["list"][0]
        assert chat["lastMessage"]["id"] == newest["id"]


def test_small_account_has_unicode_and_hostile_html_material(shared_api: Api) -> None:
    fans = shared_api.ok("/subscriptions/subscribers", type="all", limit=100)["list"]
    names = " ".join(fan["name"] for fan in fans)
    assert "<script>alert(1)</script>" in names
    assert "<img src=x onerror=alert(1)>" in names
    assert any(ord(ch) > 0x1F000 for ch in names)
    texts = " ".join(
        m["text"]
        for chat in _state(shared_api, "chats")
        for m in _state(shared_api, f"chats/{chat['userId']}/messages")
    )
    assert "onerror=alert(1)" in texts
    assert any(ord(ch) > 0x1F000 for ch in texts)


def test_ids_and_times_have_the_api_shapes(shared_api: Api) -> None:
    chat = shared_api.ok("/chats", limit=1)["list"][0]
    message = chat["lastMessage"]
    assert len(str(message["id"])) == 13
    assert message["createdAt"].endswith("+00:00")
    assert 8 <= len(str(chat["withUser"]["id"])) <= 9
    tx = shared_api.ok("/payouts/transactions")["list"][0]
    assert isinstance(tx["id"], str)
    int(tx["id"], 16)
    assert {tx["status"] for tx in _state(shared_api, "transactions")} <= {"done", "loading", "undo"}
