"""Payload mapping on the documented example payloads (../shared/onlyfans-api.md §5)."""

from __future__ import annotations

from datetime import UTC, datetime

from huntaze.onlyfans import EarningsChart, Fan, Message, Post, Transaction, payload_parse
from huntaze.sync.mapping import (
    chart_rows,
    fan_activity_key,
    fan_row,
    html_to_text,
    message_row,
    post_row,
    transaction_row,
)

ME = 412345678
NOW = datetime(2026, 5, 21, tzinfo=UTC)

SUBSCRIBER = {
    "id": 98765432,
    "username": "u98765432",
    "name": "Mark",
    "lastSeen": "2026-05-20T18:45:00+00:00",
    "subscribedOn": True,
    "subscribedOnData": {
        "price": 9.99,
        "subscribeAt": "2026-02-18T10:00:02+00:00",
        "expiredAt": "2026-06-18T10:00:02+00:00",
        "renewedAt": "2026-05-18T10:00:05+00:00",
        "status": None,
        "duration": "3 months",
        "totalSumm": 184.5,
        "subscribesSumm": 29.97,
        "tipsSumm": 40,
        "messagesSumm": 114.53,
        "postsSumm": 0,
        "streamsSumm": 0,
    },
    "listsStates": [{"id": 1184, "type": "custom", "name": "VIP", "hasUser": True}],
    "brandNewField": {"x": 1},
}
PPV = {
    "id": 8099901100457,
    "responseType": "message",
    "text": "<p>new set is out</p>",
    "fromUser": {"id": ME, "_view": "m"},
    "createdAt": "2026-05-19T21:05:00+00:00",
    "changedAt": "2026-05-19T21:07:33+00:00",
    "isFree": False,
    "price": 15,
    "canPurchase": False,
    "isOpened": True,
    "isNew": False,
    "isTip": False,
    "lockedText": False,
    "mediaCount": 2,
    "previews": [4524917793],
    "media": [{"id": 4524917793, "type": "photo"}, {"id": 4524917794, "type": "video"}],
}
TIP = {
    "id": "a3f29c1d0b7e4c55",
    "createdAt": "2026-05-20T18:50:31+00:00",
    "amount": 20,
    "net": 16,
    "fee": 4,
    "vatAmount": 0,
    "currency": "USD",
    "status": "loading",
    "payoutPendingDays": 7,
    "description": 'Tip from <a href="https://onlyfans.com/u98765432">Mark</a>',
    "user": {"id": 98765432, "name": "Mark", "username": "u98765432"},
}


def parse(model, data):
    return payload_parse(model, data, endpoint="test")


def test_fan_row_keeps_spend_in_cents_and_unknown_fields_in_raw():
    row = fan_row(parse(Fan, SUBSCRIBER), snapshot_at=NOW)
    assert row["spend_snapshot"] == {
        "total": 18450,
        "subscription": 2997,
        "tip": 4000,
        "message": 11453,
        "post": 0,
        "stream": 0,
    }
    assert row["subscription_status"] == "active"
    assert row["renew_on"] is True
    assert row["raw"] == {"brandNewField": {"x": 1}}
    assert fan_activity_key(parse(Fan, SUBSCRIBER)) == "2026-05-18T10:00:05+00:00"


def test_fan_with_rebill_off_list_has_renew_off_and_expired_fan_is_expired():
    fan = {**SUBSCRIBER, "subscribedOn": False, "listsStates": [{"type": "rebill_off", "hasUser": True}]}
    row = fan_row(parse(Fan, fan), snapshot_at=NOW)
    assert (row["renew_on"], row["subscription_status"]) == (False, "expired")
    assert fan_row(parse(Fan, {"id": 1}), snapshot_at=NOW)["subscription_status"] == "never"


def test_outgoing_opened_ppv_is_purchased_and_priced_in_cents():
    row = message_row(parse(Message, PPV), me_id=ME)
    assert (row["direction"], row["price_cents"], row["is_purchased"], row["text"]) == (
        "outgoing",
        1500,
        True,
        "new set is out",
    )
    assert row["media_kinds"] == ["photo", "video"]
    assert row["raw"]["previews"] == [4524917793]


def test_incoming_tip_message_counts_as_tip_not_price():
    row = message_row(parse(Message, {**PPV, "fromUser": {"id": 5}, "isTip": True, "price": 25}), me_id=ME)
    assert (row["direction"], row["is_tip"], row["tip_cents"], row["price_cents"]) == (
        "incoming",
        True,
        2500,
        0,
    )


def test_message_html_is_stored_as_plain_text_and_hostile_text_stays_text():
    assert html_to_text("<p>hey &amp; you</p><p>second</p>") == "hey & you\nsecond"
    assert html_to_text("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>") == "<script>alert(1)</script>"


def test_transaction_kinds_follow_the_description_prefix():
    def kind(description: str) -> str:
        return transaction_row(parse(Transaction, {**TIP, "description": description}), fan_id=None)["kind"]

    assert kind(TIP["description"]) == "tip"
    assert kind("Recurring subscription from <a>x</a>") == "subscription"
    assert kind("Payment for message from x") == "message"
    assert kind("Something new from x") == "other"


def test_transaction_row_maps_status_and_money():
    row = transaction_row(parse(Transaction, TIP), fan_id=7)
    assert (row["status"], row["gross_cents"], row["net_cents"], row["fee_cents"]) == (
        "pending",
        2000,
        1600,
        400,
    )
    assert row["fan_onlyfans_id"] == 98765432
    assert row["description"] == "Tip from Mark"


def test_post_key_prefers_the_precise_time():
    post = {
        "id": 2555058519,
        "postedAt": "2026-05-18T05:37:18+00:00",
        "postedAtPrecise": "1779082638.000000",
        "text": "<p>morning</p>",
        "price": 0,
        "favoritesCount": 34,
        "tipsAmount": "$12.50",
        "mediaCount": 1,
        "media": [{"id": 1, "type": "photo"}],
    }
    assert parse(Post, post).publish_key == 1779082638.0
    row = post_row(parse(Post, post))
    assert (row["likes_count"], row["tips_cents"], row["media_type"]) == (34, 1250, "photo")


def test_chart_rows_merge_amounts_and_counts_per_day():
    chart = {
        "total": {
            "chartAmount": [{"date": "2026-05-19T00:00:00+00:00", "count": 112.4}],
            "chartCount": [{"date": "2026-05-19T00:00:00+00:00", "count": 9}],
            "total": 2310.55,
        }
    }
    assert chart_rows(parse(EarningsChart, chart)) == [
        {"date": datetime(2026, 5, 19).date(), "category": "total", "amount_cents": 11240, "count": 9}
    ]
