"""The sync's page writes that also record the events the page reveals.

Each wrapper reads what is stored before the upsert (one query on the rows of the page), calls
the owning app's upsert, and records the differences as events in the same transaction: a
killed worker loses the page and its events together, and the next run finds both to do.

``record=False`` is the plain upsert. The sync passes it until a stream has completed once for
the account (``events_live_streams``): the initial sync stores history, not news, so an account
with 500k messages does not produce 500k ``new_message`` events (docs/events-and-webhooks.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone

from huntaze.earnings.models import EarningKind, EarningsEntry, EarningStatus
from huntaze.earnings.services import earnings_upsert_many
from huntaze.events.choices import EventType
from huntaze.events.services import EventDraft, event_record_many, text_preview
from huntaze.fans.choices import SubscriptionStatus
from huntaze.fans.models import Fan
from huntaze.fans.services import fan_upsert_many
from huntaze.inbox.choices import Direction
from huntaze.inbox.models import Message
from huntaze.inbox.services import MessagePageResult, message_upsert_many
from huntaze.sync.models import SyncState

PURCHASE_EVENTS = {
    EarningKind.TIP: EventType.NEW_TIP,
    EarningKind.MESSAGE: EventType.NEW_PURCHASE,
    EarningKind.POST: EventType.NEW_PURCHASE,
}
SALE_STATUSES = (EarningStatus.DONE, EarningStatus.PENDING)


def events_live_streams(*, account_id: int) -> frozenset[str]:
    """The streams whose pages record events: those that completed a run for this account."""
    states = SyncState.objects.filter(account_id=account_id, last_success_at__isnull=False)
    return frozenset(states.values_list("stream", flat=True))


def _seconds(value: datetime) -> int:
    return int(value.timestamp())


def _fan_payload(*, fan_id: int | None, onlyfans_id: int | None, username: str, name: str) -> dict[str, Any]:
    return {
        "fan_id": fan_id,
        "fan_onlyfans_id": onlyfans_id,
        "fan_name": name or username,
        "fan_username": username,
    }


def _fan_payloads(fan_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    fans = (
        Fan.objects.filter(pk__in=set(fan_ids))
        .order_by()
        .values_list("pk", "onlyfans_id", "username", "display_name")
    )
    return {
        pk: _fan_payload(fan_id=pk, onlyfans_id=onlyfans_id, username=username, name=name)
        for pk, onlyfans_id, username, name in fans
    }


# --- fans ---


def fans_upsert_with_events(*, account_id: int, rows: list[dict[str, Any]], record: bool) -> dict[int, int]:
    """``fan_upsert_many`` plus new_subscriber, renewed and expired events.

    A fan is new when the subscriber list first shows them subscribed (no row, a stub made from
    a chat or a sale, or a new subscribe date: they came back); renewed when the renew date
    moves; expired when a fan stored as active is listed expired.
    """
    if not record or not rows:
        return fan_upsert_many(account_id=account_id, rows=rows)
    before = {
        onlyfans_id: (status, subscribed_at, renewed_at)
        for onlyfans_id, status, subscribed_at, renewed_at in Fan.objects.filter(
            account_id=account_id, onlyfans_id__in={row["onlyfans_id"] for row in rows}
        )
        .order_by()
        .values_list("onlyfans_id", "subscription_status", "subscribed_at", "renewed_at")
    }
    ids = fan_upsert_many(account_id=account_id, rows=rows)
    drafts = []
    for row in rows:
        status, subscribed, renewed = row["subscription_status"], row["subscribed_at"], row["renewed_at"]
        was_status, was_subscribed, was_renewed = before.get(row["onlyfans_id"], (None, None, None))
        payload = _fan_payload(
            fan_id=ids.get(row["onlyfans_id"]),
            onlyfans_id=row["onlyfans_id"],
            username=row["username"],
            name=row["display_name"],
        )
        of_id = row["onlyfans_id"]
        if status == SubscriptionStatus.ACTIVE and subscribed is not None and subscribed != was_subscribed:
            drafts.append(
                EventDraft(EventType.NEW_SUBSCRIBER, f"{of_id}:{_seconds(subscribed)}", subscribed, payload)
            )
        elif was_subscribed is not None and renewed is not None and renewed != was_renewed:
            drafts.append(EventDraft(EventType.RENEWED, f"{of_id}:{_seconds(renewed)}", renewed, payload))
        if status == SubscriptionStatus.EXPIRED and was_status == SubscriptionStatus.ACTIVE:
            expired = row["expires_at"] or timezone.now()
            drafts.append(EventDraft(EventType.EXPIRED, f"{of_id}:{_seconds(expired)}", expired, payload))
    event_record_many(account_id=account_id, events=drafts)
    return ids


# --- messages ---


def messages_upsert_with_events(
    *,
    account_id: int,
    chat_id: int,
    fan_id: int,
    rows: list[dict[str, Any]],
    window: tuple[int, int] | None,
    record: bool,
) -> MessagePageResult:
    """``message_upsert_many`` plus a new_message event per message from the fan not stored yet."""
    incoming = [row for row in rows if row["direction"] == Direction.INCOMING] if record else []
    known = (
        set(
            Message.objects.filter(chat_id=chat_id, onlyfans_id__in=[row["onlyfans_id"] for row in incoming])
            .order_by()
            .values_list("onlyfans_id", flat=True)
        )
        if incoming
        else set()
    )
    result = message_upsert_many(
        account_id=account_id, chat_id=chat_id, fan_id=fan_id, rows=rows, window=window
    )
    new = [row for row in incoming if row["onlyfans_id"] not in known]
    if new:
        fan = _fan_payloads([fan_id]).get(fan_id, {})
        event_record_many(
            account_id=account_id,
            events=[
                EventDraft(
                    EventType.NEW_MESSAGE,
                    str(row["onlyfans_id"]),
                    row["sent_at"],
                    {
                        **fan,
                        "message_onlyfans_id": row["onlyfans_id"],
                        "text": text_preview(row["text"]),
                        "price_cents": row["price_cents"],
                        "tip_cents": row["tip_cents"],
                        "media_count": row["media_count"],
                    },
                )
                for row in new
            ],
        )
    return result


# --- earnings ---


def earnings_upsert_with_events(*, account_id: int, rows: list[dict[str, Any]], record: bool) -> int:
    """``earnings_upsert_many`` plus new_tip / new_purchase for a sale not stored yet, and
    chargeback for a transaction first seen, or seen turning, charged back."""
    if not record or not rows:
        return earnings_upsert_many(account_id=account_id, rows=rows)
    before = dict(
        EarningsEntry.objects.filter(
            account_id=account_id, onlyfans_id__in=[row["onlyfans_id"] for row in rows]
        )
        .order_by()
        .values_list("onlyfans_id", "status")
    )
    count = earnings_upsert_many(account_id=account_id, rows=rows)  # sets each row's chargeback_at
    changes = []
    for row in rows:
        was = before.get(row["onlyfans_id"])
        if row["status"] == EarningStatus.CHARGEBACK and was != EarningStatus.CHARGEBACK:
            changes.append((EventType.CHARGEBACK, row, row["chargeback_at"]))
        elif was is None and row["status"] in SALE_STATUSES and row["kind"] in PURCHASE_EVENTS:
            changes.append((PURCHASE_EVENTS[row["kind"]], row, row["occurred_at"]))
    if changes:
        fans = _fan_payloads(row["fan_id"] for _, row, _ in changes if row["fan_id"])
        event_record_many(
            account_id=account_id,
            events=[
                EventDraft(
                    kind,
                    str(row["onlyfans_id"]),
                    at,
                    {
                        **fans.get(row["fan_id"], {"fan_onlyfans_id": row["fan_onlyfans_id"]}),
                        "transaction_id": row["onlyfans_id"],
                        "kind": row["kind"],
                        "amount_cents": row["gross_cents"],
                        "net_cents": row["net_cents"],
                        "currency": row["currency"],
                        "description": text_preview(row["description"]),
                    },
                )
                for kind, row, at in changes
            ],
        )
    return count
