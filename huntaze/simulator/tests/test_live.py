"""Ticks, sends and control-plane edits change what the API serves, deterministically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from huntaze.core.money import dollars_to_cents
from huntaze.simulator.data import CREATOR_ID
from huntaze.simulator.server import SimulatorConfig, run_in_thread, run_subprocess
from huntaze.simulator.tests.conftest import Api


def _ids(rows: list[dict[str, Any]]) -> list[int]:
    return [row["id"] for row in rows]


def test_tick_fans_appear_first_and_shift_offset_pages(api: Api) -> None:
    before = _ids(api.ok("/subscriptions/subscribers", type="all", limit=10, offset=0)["list"])
    added = api.sim.control.tick(fans=3)
    page = _ids(api.ok("/subscriptions/subscribers", type="all", limit=10, offset=0)["list"])
    assert page[:3] == added["fans"][::-1]
    assert page[3:] == before[:7]
    assert _ids(api.ok("/subscriptions/subscribers", type="active", limit=3)["list"]) == added["fans"][::-1]
    newest_tx = api.ok("/payouts/transactions")["list"][0]
    assert newest_tx["description"].startswith("Subscription from")


def test_tick_messages_move_their_chats_to_the_top(api: Api) -> None:
    added = api.sim.control.tick(messages=2)
    top = api.ok("/chats", limit=2, order="recent")["list"]
    latest = added["messages"][-1]
    assert top[0]["withUser"]["id"] == latest["userId"]
    assert top[0]["lastMessage"]["id"] == latest["id"]
    assert top[0]["unreadMessagesCount"] >= 1
    assert top[0]["lastMessage"]["fromUser"]["id"] == latest["userId"]


def test_tick_messages_can_be_spread_over_a_given_number_of_chats(api: Api) -> None:
    added = api.sim.control.tick(messages=12, chats=4)
    per_chat: dict[int, int] = {}
    for message in added["messages"]:
        per_chat[message["userId"]] = per_chat.get(message["userId"], 0) + 1
    assert sorted(per_chat.values()) == [3, 3, 3, 3]


def test_tick_purchases_add_ledger_rows_and_spend(api: Api) -> None:
    fans_before = {f["id"]: f for f in httpx.get(f"{api.sim.base_url}/_sim/state/fans").json()}
    added = api.sim.control.tick(purchases=4)
    ledger = api.ok("/payouts/transactions")["list"]
    assert _ids(ledger[:4]) == added["transactions"][::-1]
    for tx in ledger[:4]:
        assert tx["description"].split(" <a ")[0] in ("Tip from", "Payment for message from")
        assert tx["status"] == "loading"
    spent = sum(dollars_to_cents(tx["amount"]) for tx in ledger[:4])
    fans_after = httpx.get(f"{api.sim.base_url}/_sim/state/fans").json()
    grown = sum(
        f["spendCents"]["totalSumm"] - fans_before[f["id"]]["spendCents"]["totalSumm"] for f in fans_after
    )
    assert grown == spent


def test_ticks_are_deterministic_for_a_seed() -> None:
    def run() -> tuple[dict[str, Any], list[str]]:
        with run_in_thread(SimulatorConfig(seed=3)) as sim:
            added = sim.control.tick(fans=2, messages=3, purchases=2)
            api = Api(sim)
            texts = [m["lastMessage"]["text"] for m in api.ok("/chats", limit=5)["list"]]
            api.close()
        return added, texts

    first, again = run(), run()
    assert first[0]["fans"] == again[0]["fans"]
    assert [m["userId"] for m in first[0]["messages"]] == [m["userId"] for m in again[0]["messages"]]
    assert first[1] == again[1]


def test_sent_message_is_recorded_returned_and_listed(api: Api) -> None:
    user_id = api.ok("/chats", limit=1)["list"][0]["withUser"]["id"]
    body = {
        "text": "<p>hi there 💕</p>",
        "lockedText": False,
        "mediaFiles": [],
        "price": 0,
        "previews": [],
        "rfTag": [],
        "rfGuest": [],
        "rfPartner": [],
        "isForward": False,
    }
    response = api.request(
        "POST", f"/chats/{user_id}/messages", json=body, headers={"x-idempotency-key": "k1"}
    )
    assert response.status_code == 200, response.text
    created = response.json()
    assert created["fromUser"]["id"] == CREATOR_ID
    assert created["text"] == body["text"]
    assert api.ok(f"/chats/{user_id}/messages", limit=1)["list"][0]["id"] == created["id"]
    received = api.sim.control.received()
    assert received[-1]["kind"] == "message"
    assert received[-1]["userId"] == user_id
    assert received[-1]["body"] == body
    assert received[-1]["idempotencyKey"] == "k1"
    bad = api.request("POST", "/chats/1/messages", json=body)
    assert bad.status_code == 400


def test_ppv_send_needs_known_vault_media(api: Api) -> None:
    user_id = api.ok("/chats", limit=1)["list"][0]["withUser"]["id"]
    media_id = api.ok("/vault/media", limit=1)["list"][0]["id"]
    body = {"text": "<p>new set</p>", "mediaFiles": [media_id], "price": 15, "previews": []}
    created = api.request("POST", f"/chats/{user_id}/messages", json=body).json()
    assert created["price"] == 15
    assert created["media"][0]["id"] == media_id
    unknown = api.request("POST", f"/chats/{user_id}/messages", json={**body, "mediaFiles": [42]})
    assert unknown.status_code == 400


def test_mass_message_is_queued_and_recorded(api: Api) -> None:
    fan_ids = [c["withUser"]["id"] for c in api.ok("/chats", limit=3)["list"]]
    body = {
        "text": "<p>weekend sale ✨</p>",
        "mediaFiles": [],
        "price": 0,
        "previews": [],
        "userIds": fan_ids,
    }
    entry = api.request("POST", "/messages/queue", json=body).json()
    assert entry["total"] == 3
    assert entry["isDone"] is True
    last = api.ok(f"/chats/{fan_ids[0]}/messages", limit=1)["list"][0]
    assert last["queueId"] == entry["id"]
    assert last["isFromQueue"] is True
    assert api.sim.control.received()[-1]["kind"] == "queue"


def test_a_fan_writes_an_exact_text_escaped_like_onlyfans(api: Api) -> None:
    user_id = api.ok("/chats", limit=3)["list"][-1]["withUser"]["id"]
    added = api.sim.control.fan_writes(user_id, "<script>alert(1)</script> hi")
    newest = api.ok(f"/chats/{user_id}/messages", limit=1)["list"][0]
    assert newest["id"] == added["id"]
    assert newest["text"] == "<p>&lt;script&gt;alert(1)&lt;/script&gt; hi</p>"
    assert newest["fromUser"]["id"] == user_id
    assert api.ok("/chats", limit=1)["list"][0]["withUser"]["id"] == user_id


def test_edit_and_delete_a_message(api: Api) -> None:
    user_id = api.ok("/chats", limit=1)["list"][0]["withUser"]["id"]
    newest, older = api.ok(f"/chats/{user_id}/messages", limit=2)["list"]
    edited = api.sim.control.edit_message(user_id, older["id"], "<p>edited</p>")
    assert edited["text"] == "<p>edited</p>"
    assert edited["changedAt"] > older["changedAt"]
    api.sim.control.delete_message(user_id, newest["id"])
    page = api.ok(f"/chats/{user_id}/messages", limit=5)["list"]
    assert page[0]["id"] == older["id"]
    assert page[0]["text"] == "<p>edited</p>"
    chats = {c["withUser"]["id"]: c for c in api.ok("/chats", limit=100)["list"]}
    assert chats[user_id]["lastMessage"]["id"] == older["id"]


def test_spend_override_and_chargeback(api: Api) -> None:
    fan = api.ok("/subscriptions/subscribers", type="all", limit=1)["list"][0]
    data = api.sim.control.set_spend(fan["id"], tipsSumm=123.45)
    assert data["tipsSumm"] == 123.45
    assert api.ok(f"/users/{fan['id']}")["subscribedOnData"]["tipsSumm"] == 123.45
    tx = next(t for t in api.ok("/payouts/transactions")["list"] if t["status"] != "undo")
    before = api.ok(f"/users/{tx['user']['id']}")["subscribedOnData"]["totalSumm"]
    assert api.sim.control.chargeback(tx["id"])["status"] == "undo"
    after = api.ok(f"/users/{tx['user']['id']}")["subscribedOnData"]["totalSumm"]
    assert dollars_to_cents(before) - dollars_to_cents(after) == dollars_to_cents(tx["amount"])


def test_access_log_in_memory_and_in_a_file(tmp_path: Path) -> None:
    log = tmp_path / "access.jsonl"
    with run_in_thread(SimulatorConfig(access_log=log)) as sim:
        api = Api(sim)
        api.get("/users/me")
        api.get("/chats", limit=3)
        api.close()
        entries = [e for e in sim.control.access_log() if e["path"].startswith("/api2/v2")]
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("GET", "/api2/v2/users/me", 200),
        ("GET", "/api2/v2/chats", 200),
    ]
    assert entries[1]["query"] == "limit=3"
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert {"time", "method", "path", "status", "latency"} <= set(lines[0])
    assert [e["path"] for e in lines if e["path"].startswith("/api2")] == [
        "/api2/v2/users/me",
        "/api2/v2/chats",
    ]


def test_subprocess_server_answers_signed_requests() -> None:
    with run_subprocess(SimulatorConfig(seed=1)) as sim:
        api = Api(sim)
        assert api.ok("/users/me")["id"] == CREATOR_ID
        assert sim.control.health()["size"] == "small"
        api.close()
