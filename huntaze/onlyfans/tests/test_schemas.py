"""Payload models on the recorded fixtures: properties, drift reports, drift errors."""

from __future__ import annotations

import pytest

from huntaze.onlyfans import (
    ChatsPage,
    Direction,
    DriftReporter,
    EarningsChart,
    Me,
    MessagesPage,
    PostsPage,
    SchemaDriftError,
    SubscriberCounts,
    SubscribersPage,
    SubscriptionState,
    TransactionKind,
    TransactionsPage,
    VaultMediaPage,
    payload_parse,
)
from huntaze.onlyfans.tests.conftest import ME_ID, load


def test_fan_row_gives_spend_in_cents_status_and_renewal():
    page = payload_parse(SubscribersPage, load("subscribers"), endpoint="subscribers", drift=DriftReporter())
    active, expired = page.list
    assert active.spend_cents == {
        "total": 18450,
        "subscription": 2997,
        "tip": 4000,
        "message": 11453,
        "post": 0,
        "stream": 0,
    }
    assert (active.subscription_status, active.renew_on) == (SubscriptionState.ACTIVE, True)
    assert (expired.subscription_status, expired.renew_on) == (SubscriptionState.EXPIRED, False)
    assert expired.spend_cents["total"] == 499  # sent as the string "4.99"


def test_subscribers_page_accepts_the_users_key():
    page = payload_parse(
        SubscribersPage, load("subscribers_latest"), endpoint="latest", drift=DriftReporter()
    )
    assert [fan.id for fan in page.list] == [98765432]
    assert page.has_more is False


def test_fan_without_subscription_data_never_subscribed():
    page = SubscribersPage.model_validate({"list": [{"id": 1}], "hasMore": False})
    assert page.list[0].subscription_status is SubscriptionState.NEVER
    assert page.list[0].renew_on is None


def test_message_helpers_for_a_sold_ppv_and_a_tip():
    ppv, tip = payload_parse(MessagesPage, load("messages"), endpoint="messages", drift=DriftReporter()).list
    assert ppv.direction(ME_ID) is Direction.OUTGOING
    assert (ppv.price_cents, ppv.is_purchased(ME_ID), ppv.media_total, ppv.media_kinds) == (
        1500,
        True,
        2,
        ["photo", "video"],
    )
    assert ppv.changed_at.isoformat() == "2026-05-19T21:07:33+00:00"
    assert tip.direction(ME_ID) is Direction.INCOMING
    assert (tip.is_tip, tip.tip_cents, tip.is_purchased(ME_ID)) == (True, 2500, False)


def test_transaction_kind_money_and_fan():
    rows = payload_parse(TransactionsPage, load("transactions"), endpoint="tx", drift=DriftReporter()).list
    tip, message, renewal = rows
    assert (tip.id, tip.kind, tip.amount_cents, tip.net_cents, tip.fee_cents) == (
        "a3f29c1d0b7e4c55",
        TransactionKind.TIP,
        2000,
        1600,
        400,
    )
    assert (message.kind, message.fee_cents) == (TransactionKind.MESSAGE, 300)  # fee derived
    assert (renewal.kind, renewal.status, renewal.fan_id) == (TransactionKind.SUBSCRIPTION, "undo", 98765432)


def test_other_payloads_parse():
    drift = DriftReporter()
    me = payload_parse(Me, load("users_me"), endpoint="me", drift=drift)
    assert me.is_creator
    assert me.id == ME_ID
    assert "WS-TOKEN-SECRET" not in repr(me)
    chats = payload_parse(ChatsPage, load("chats"), endpoint="chats", drift=drift)
    assert [c.with_user.id for c in chats.list] == [98765432, 55500011]
    assert chats.list[1].last_message is None
    assert chats.next_offset == 2
    posts = payload_parse(PostsPage, load("posts"), endpoint="posts", drift=drift)
    assert (posts.list[0].publish_key, posts.list[0].tips_cents, posts.tail_marker) == (
        1779082638.0,
        1250,
        "1779082638.000000",
    )
    vault = payload_parse(VaultMediaPage, load("vault_media"), endpoint="vault", drift=drift)
    assert vault.list[0].counters.likes_count == 34
    assert vault.list[1].created_at is None
    counts = payload_parse(SubscriberCounts, load("subscriptions_count_all"), endpoint="count", drift=drift)
    assert counts.all_subscribers == 2746
    chart = payload_parse(EarningsChart, load("earnings_chart"), endpoint="chart", drift=drift)
    assert chart.total.chart_amount[0].count == 112.4
    assert str(chart.tips.chart_amount[0].date) == "2026-05-20 00:00:00"  # sent as "2026-05-20"


def test_raw_keeps_the_payload_exactly_as_sent():
    page = payload_parse(SubscribersPage, load("subscribers"), endpoint="s", drift=DriftReporter())
    assert page.list[0].raw == load("subscribers")["list"][0]
    assert page.list[0].model_extra == {"canTrialSend": True, "promoOffers": []}


def test_unknown_field_is_reported_once_per_endpoint_and_field(caplog):
    seen: list[tuple[str, str]] = []
    drift = DriftReporter(callback=lambda endpoint, field: seen.append((endpoint, field)))
    for _ in range(3):
        payload_parse(
            SubscribersPage, load("subscribers"), endpoint="/subscriptions/subscribers", drift=drift
        )
    assert ("/subscriptions/subscribers", "list.*.canTrialSend") in drift.fields
    assert ("/subscriptions/subscribers", "list.*.subscribedOnData.subscribes.*.offerStart") in drift.fields
    assert ("/subscriptions/subscribers", "counters") in drift.fields
    assert len(seen) == len(drift.fields) == 4  # + promoOffers; each once despite 3 pages x 2 rows
    assert caplog.text.count("canTrialSend") == 1


def test_missing_required_field_raises_schema_drift_error_naming_endpoint_and_field():
    body = load("messages")
    del body["list"][1]["fromUser"]
    with pytest.raises(SchemaDriftError) as info:
        payload_parse(MessagesPage, body, endpoint="/chats/{user_id}/messages", drift=DriftReporter())
    assert info.value.extra["endpoint"] == "/chats/{user_id}/messages"
    assert info.value.extra["field"] == "list.1.fromUser"
    assert info.value.extra["problem"] == "missing"


def test_wrong_type_raises_schema_drift_error():
    body = load("transactions")
    body["list"][2]["createdAt"] = "yesterday"
    with pytest.raises(SchemaDriftError) as info:
        payload_parse(TransactionsPage, body, endpoint="/payouts/transactions", drift=DriftReporter())
    assert info.value.extra["field"] == "list.2.createdAt"
