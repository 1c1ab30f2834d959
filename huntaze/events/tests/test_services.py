"""Recording events: dedup, the page writes' change detection, health turns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from huntaze.core.tests.factories import make_account, make_fan
from huntaze.events.choices import EventType
from huntaze.events.emit import (
    earnings_upsert_with_events,
    fans_upsert_with_events,
    messages_upsert_with_events,
)
from huntaze.events.models import Event
from huntaze.events.services import (
    PREVIEW_CHARS,
    EventDraft,
    event_record_many,
    event_session_expired_record,
    event_sync_health_record,
    text_preview,
)
from huntaze.inbox.models import Chat

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def draft(source: str, kind: str = EventType.NEW_MESSAGE) -> EventDraft:
    return EventDraft(kind, source, T0, {"text": source})


def events(account, kind=None) -> list[tuple[str, str]]:
    rows = Event.objects.filter(account=account).order_by("pk")
    if kind:
        rows = rows.filter(type=kind)
    return list(rows.values_list("type", "source_id"))


# --- event_record_many ---


def test_record_many_returns_only_new_rows_and_never_stores_twice(account):
    first = event_record_many(account_id=account.pk, events=[draft("1"), draft("2")])
    assert [e.source_id for e in first] == ["1", "2"]
    again = event_record_many(account_id=account.pk, events=[draft("2"), draft("3"), draft("3")])
    assert [e.source_id for e in again] == ["3"]
    assert events(account) == [("new_message", "1"), ("new_message", "2"), ("new_message", "3")]


def test_record_many_keys_on_type_and_account(account, team):
    other = make_account(team)
    event_record_many(account_id=account.pk, events=[draft("9", EventType.NEW_TIP)])
    created = event_record_many(account_id=account.pk, events=[draft("9", EventType.CHARGEBACK)])
    elsewhere = event_record_many(account_id=other.pk, events=[draft("9", EventType.NEW_TIP)])
    assert [e.type for e in created] == ["chargeback"]
    assert len(elsewhere) == 1


def test_record_many_of_nothing_does_nothing(account, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert event_record_many(account_id=account.pk, events=[]) == []


def test_record_many_is_set_based(account, django_assert_num_queries):
    # known ids, one insert, read back (plus the savepoint pair of the atomic block in a test)
    with django_assert_num_queries(5):
        event_record_many(account_id=account.pk, events=[draft(str(i)) for i in range(100)])
    assert Event.objects.filter(account=account).count() == 100


def test_text_preview_is_bounded_and_on_one_line():
    assert text_preview("a\n\n b") == "a b"
    long = text_preview("x" * 1000)
    assert len(long) == PREVIEW_CHARS
    assert long.endswith("…")


# --- fans ---


def fan_row(
    onlyfans_id: int, *, status="active", subscribed=T0, renewed=None, expires=None, name="Mia"
) -> dict:
    return {
        "onlyfans_id": onlyfans_id,
        "username": "mia",
        "display_name": name,
        "avatar_url": "",
        "subscription_status": status,
        "subscribed_at": subscribed,
        "expires_at": expires,
        "renewed_at": renewed,
        "renew_on": True,
        "spend_snapshot": {"total": 0},
        "spend_snapshot_at": T0,
        "last_seen_at": None,
        "raw": {},
        "synced_at": T0,
    }


def test_fan_seen_subscribed_for_the_first_time_is_a_new_subscriber(account):
    stub = make_fan(account, onlyfans_id=71, subscription_status="never")  # made from a chat
    fans_upsert_with_events(account_id=account.pk, rows=[fan_row(70), fan_row(71)], record=True)
    created = Event.objects.filter(account=account).order_by("source_id")
    stamp = int(T0.timestamp())
    assert [(e.type, e.source_id) for e in created] == [
        ("new_subscriber", f"70:{stamp}"),
        ("new_subscriber", f"71:{stamp}"),
    ]
    assert created[1].payload == {
        "fan_id": stub.pk,
        "fan_onlyfans_id": 71,
        "fan_name": "Mia",
        "fan_username": "mia",
    }
    assert created[0].occurred_at == T0


def test_renewal_and_expiry_are_seen_once(account):
    fans_upsert_with_events(account_id=account.pk, rows=[fan_row(70)], record=False)
    renewed = T0 + timedelta(days=30)
    for _ in range(2):  # the same page twice (overlapping walks)
        fans_upsert_with_events(account_id=account.pk, rows=[fan_row(70, renewed=renewed)], record=True)
    expired_at = T0 + timedelta(days=60)
    row = fan_row(70, status="expired", renewed=renewed, expires=expired_at)
    fans_upsert_with_events(account_id=account.pk, rows=[row], record=True)
    fans_upsert_with_events(account_id=account.pk, rows=[row], record=True)
    assert events(account) == [
        ("renewed", f"70:{int(renewed.timestamp())}"),
        ("expired", f"70:{int(expired_at.timestamp())}"),
    ]


def test_a_fan_first_listed_already_expired_is_no_event(account):
    make_fan(account, onlyfans_id=72, subscription_status="never")
    fans_upsert_with_events(account_id=account.pk, rows=[fan_row(72, status="expired")], record=True)
    assert events(account) == []


def test_a_fan_who_comes_back_is_a_new_subscriber_again(account):
    fans_upsert_with_events(account_id=account.pk, rows=[fan_row(70, status="expired")], record=False)
    back = T0 + timedelta(days=90)
    fans_upsert_with_events(account_id=account.pk, rows=[fan_row(70, subscribed=back)], record=True)
    assert events(account) == [("new_subscriber", f"70:{int(back.timestamp())}")]


def test_record_false_is_the_plain_upsert(account):
    fans_upsert_with_events(account_id=account.pk, rows=[fan_row(70)], record=False)
    assert events(account) == []


# --- messages ---


def message_row(onlyfans_id: int, *, direction="incoming", text="hi") -> dict:
    return {
        "onlyfans_id": onlyfans_id,
        "direction": direction,
        "text": text,
        "sent_at": T0 + timedelta(seconds=onlyfans_id),
        "price_cents": 0,
        "is_free": True,
        "is_purchased": False,
        "is_opened": True,
        "is_tip": False,
        "tip_cents": 0,
        "media_count": 0,
        "media_kinds": [],
        "remote_changed_at": None,
        "raw": {},
    }


def test_new_messages_from_the_fan_are_events_once(account):
    fan = make_fan(account, display_name="Zoé")
    chat = Chat.objects.create(account=account, fan=fan)
    page = [message_row(3, text="<b>hey</b>"), message_row(2, direction="outgoing"), message_row(1)]
    messages_upsert_with_events(
        account_id=account.pk, chat_id=chat.pk, fan_id=fan.pk, rows=page[2:], window=None, record=True
    )
    for _ in range(2):  # the page again, overlapping the one before
        messages_upsert_with_events(
            account_id=account.pk, chat_id=chat.pk, fan_id=fan.pk, rows=page, window=(1, 3), record=True
        )
    assert events(account) == [("new_message", "1"), ("new_message", "3")]
    newest = Event.objects.get(account=account, source_id="3")
    assert newest.payload["text"] == "<b>hey</b>"  # stored as text; escaped where shown
    assert newest.payload["fan_name"] == "Zoé"
    assert newest.occurred_at == T0 + timedelta(seconds=3)


# --- earnings ---


def sale_row(onlyfans_id: str, *, kind="tip", status="done", cents=500, fan=None) -> dict:
    return {
        "onlyfans_id": onlyfans_id,
        "kind": kind,
        "status": status,
        "gross_cents": cents,
        "net_cents": cents * 8 // 10,
        "fee_cents": cents * 2 // 10,
        "currency": "USD",
        "fan_id": fan.pk if fan else None,
        "fan_onlyfans_id": fan.onlyfans_id if fan else None,
        "description": "Tip from <i>Mia</i>",
        "occurred_at": T0,
        "raw": {},
    }


def test_sales_and_chargebacks_are_events_once(account):
    fan = make_fan(account, display_name="Mia")
    earnings_upsert_with_events(account_id=account.pk, rows=[sale_row("old", fan=fan)], record=False)
    page = [
        sale_row("t1", fan=fan),
        sale_row("p1", kind="message", status="pending", cents=1500, fan=fan),
        sale_row("p2", kind="post", fan=fan),
        sale_row("s1", kind="subscription", fan=fan),  # the new_subscriber event covers it
        sale_row("old", status="chargeback", fan=fan),
        sale_row("gone", status="chargeback"),  # first seen already charged back
    ]
    for _ in range(2):
        earnings_upsert_with_events(account_id=account.pk, rows=[dict(row) for row in page], record=True)
    assert sorted(events(account)) == [
        ("chargeback", "gone"),
        ("chargeback", "old"),
        ("new_purchase", "p1"),
        ("new_purchase", "p2"),
        ("new_tip", "t1"),
    ]
    tip = Event.objects.get(account=account, source_id="t1")
    assert tip.payload["amount_cents"] == 500
    assert tip.payload["fan_id"] == fan.pk
    assert tip.summary() == "Mia tipped $5.00."
    chargeback = Event.objects.get(account=account, source_id="old")
    assert chargeback.occurred_at > T0  # seen turning now, not the sale's date
    # a pending sale clearing later is no new event
    earnings_upsert_with_events(
        account_id=account.pk, rows=[sale_row("p1", kind="message", fan=fan)], record=True
    )
    assert Event.objects.filter(account=account).count() == 5


# --- health ---


def test_health_turns_are_recorded_once_per_episode(account):
    assert event_sync_health_record(account_id=account.pk, state="healthy", run_id=1) == []
    assert [e.type for e in event_sync_health_record(account_id=account.pk, state="failing", run_id=2)] == [
        "sync_failing"
    ]
    assert event_sync_health_record(account_id=account.pk, state="failing", run_id=3) == []
    assert event_sync_health_record(account_id=account.pk, state="degraded", run_id=4) == []
    recovered = event_sync_health_record(account_id=account.pk, state="healthy", run_id=5)
    assert [(e.type, e.payload["after"]) for e in recovered] == [("sync_recovered", "sync_failing")]
    assert event_sync_health_record(account_id=account.pk, state="healthy", run_id=6) == []
    event_session_expired_record(account_id=account.pk, run_id=7, reason="401")
    event_session_expired_record(account_id=account.pk, run_id=7, reason="401")
    assert [e.type for e in event_sync_health_record(account_id=account.pk, state="healthy", run_id=8)] == [
        "sync_recovered"
    ]
    assert [t for t, _ in events(account)] == [
        "sync_failing",
        "sync_recovered",
        "session_expired",
        "sync_recovered",
    ]


def test_events_of_a_deleted_account_go_with_it(account):
    event_record_many(account_id=account.pk, events=[draft("1")])
    account.delete()
    assert Event.objects.count() == 0
