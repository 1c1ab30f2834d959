"""OnlyFans payloads (the connector's validated models) -> Huntaze rows.

The domain rules on a payload (a fan's subscription status and spend, a message's direction
and purchase, a sale's kind) live on the connector's models; this module only picks the
columns, turns the HTML OnlyFans sends into text, and keeps every field Huntaze does not
model in the row's ``raw`` column (the exact JSON, ``model.raw``).
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

from huntaze.core.money import dollars_to_cents
from huntaze.earnings.models import EarningStatus
from huntaze.onlyfans import Chat, EarningsChart, Fan, Message, Post, Transaction, VaultMedia

_TAGS = re.compile(r"<[^>]+>")

FAN_MODELLED = {
    "id",
    "username",
    "name",
    "avatar",
    "lastSeen",
    "subscribedOn",
    "subscribedOnData",
    "subscribedBy",
    "subscribedByData",
    "subscribedOnExpiredNow",
    "listsStates",
}
MESSAGE_MODELLED = {
    "id",
    "text",
    "fromUser",
    "createdAt",
    "changedAt",
    "isFree",
    "price",
    "canPurchase",
    "isOpened",
    "isTip",
    "media",
    "mediaCount",
}
POST_MODELLED = {
    "id",
    "text",
    "rawText",
    "price",
    "postedAt",
    "media",
    "mediaCount",
    "favoritesCount",
    "commentsCount",
    "tipsAmount",
    "isArchived",
}
TRANSACTION_MODELLED = {
    "id",
    "amount",
    "net",
    "fee",
    "currency",
    "status",
    "description",
    "createdAt",
    "user",
}
TRANSACTION_STATUSES = {
    "done": EarningStatus.DONE,
    "loading": EarningStatus.PENDING,
    "undo": EarningStatus.CHARGEBACK,
}
CHART_CATEGORIES = ("total", "subscribes", "tips", "post", "messages", "stream", "ref")


def _raw(model: Any, modelled: set[str]) -> dict[str, Any]:
    return {key: value for key, value in model.raw.items() if key not in modelled}


def _utc_iso(value: datetime) -> str:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def html_to_text(value: str | None) -> str:
    """OnlyFans sends message text as HTML (``<p>hi</p>``); store plain text, unescaped once.

    Templates escape it again on output, so hostile text stays inert.
    """
    if not value:
        return ""
    text = re.sub(r"<br\s*/?>|</p>\s*<p>", "\n", value)
    return html.unescape(_TAGS.sub("", text)).strip()


# --- fans ---


def fan_row(fan: Fan, *, snapshot_at: datetime) -> dict[str, Any]:
    sub = fan.subscribed_on_data
    return {
        "onlyfans_id": fan.id,
        "username": (fan.username or "")[:120],
        "display_name": (fan.name or "")[:200],
        "avatar_url": (fan.avatar or "")[:1000],
        "subscription_status": fan.subscription_status.value,
        "subscribed_at": sub.subscribe_at if sub else None,
        "expires_at": sub.expired_at if sub else None,
        "renewed_at": sub.renewed_at if sub else None,
        "renew_on": fan.renew_on,
        "spend_snapshot": fan.spend_cents,
        "spend_snapshot_at": snapshot_at,
        "last_seen_at": fan.last_seen,
        "raw": _raw(fan, FAN_MODELLED),
        "synced_at": snapshot_at,
    }


def fan_activity_key(fan: Fan) -> str | None:
    """Order key of ``/subscribers/latest``: the newest subscribe or renew time (UTC ISO)."""
    sub = fan.subscribed_on_data
    times = [t for t in (sub.renewed_at, sub.subscribe_at) if t] if sub else []
    return _utc_iso(max(times)) if times else None


# --- chats and messages ---


def chat_user_profile(chat: Chat) -> dict[str, Any]:
    user = chat.with_user
    return {
        "username": (user.username or "")[:120],
        "display_name": (user.name or "")[:200],
        "avatar_url": (user.avatar or "")[:1000],
    }


def chat_row(chat: Chat, *, fan_id: int) -> dict[str, Any]:
    last = chat.last_message
    return {
        "fan_id": fan_id,
        "last_message_onlyfans_id": last.id if last else None,
        "last_message_at": last.created_at if last else None,
        "unread_count": chat.unread_messages_count or 0,
        "raw": _raw(chat, {"withUser", "lastMessage", "unreadMessagesCount"}),
    }


def message_row(message: Message, *, me_id: int) -> dict[str, Any]:
    return {
        "onlyfans_id": message.id,
        "direction": message.direction(me_id).value,
        "text": html_to_text(message.text),
        "sent_at": message.created_at,
        "price_cents": 0 if message.is_tip else message.price_cents,
        "is_free": message.is_free if message.is_free is not None else message.price_cents == 0,
        "is_purchased": message.is_purchased(me_id),
        "is_opened": bool(message.is_opened),
        "is_tip": bool(message.is_tip),
        "tip_cents": message.tip_cents,
        "media_count": message.media_total,
        "media_kinds": message.media_kinds,
        "remote_changed_at": message.changed_at,
        "raw": _raw(message, MESSAGE_MODELLED),
    }


# --- content ---


def _media_type(media: list[Any]) -> str:
    kinds = {m.type for m in media if m.type}
    return kinds.pop() if len(kinds) == 1 else ("mixed" if kinds else "")


def post_row(post: Post) -> dict[str, Any]:
    return {
        "onlyfans_id": post.id,
        "kind": "post",
        "text": html_to_text(post.text or post.raw_text),
        "price_cents": post.price_cents,
        "published_at": post.posted_at,
        "media_type": _media_type(post.media),
        "media_count": post.media_count if post.media_count is not None else len(post.media),
        "likes_count": post.favorites_count or 0,
        "comments_count": post.comments_count or 0,
        "tips_cents": post.tips_cents,
        "purchases_count": 0,
        "is_archived": bool(post.is_archived),
        "raw": _raw(post, POST_MODELLED),
    }


def vault_row(media: VaultMedia) -> dict[str, Any]:
    counters = media.counters
    return {
        "onlyfans_id": media.id,
        "kind": "vault",
        "text": "",
        "price_cents": 0,
        "published_at": media.created_at,
        "media_type": media.type or "",
        "media_count": 1,
        "likes_count": (counters.likes_count if counters else None) or 0,
        "comments_count": 0,
        "tips_cents": dollars_to_cents(counters.tips_summ) if counters else 0,
        "purchases_count": 0,
        "is_archived": False,
        "raw": _raw(media, {"id", "type", "createdAt", "counters"}),
    }


# --- earnings ---


def transaction_key(tx: Transaction) -> str:
    return _utc_iso(tx.created_at)


def transaction_user_profile(tx: Transaction) -> dict[str, Any]:
    user = tx.user
    return {"username": (user.username or "")[:120], "display_name": (user.name or "")[:200]} if user else {}


def transaction_row(tx: Transaction, *, fan_id: int | None) -> dict[str, Any]:
    return {
        "onlyfans_id": tx.id,
        "kind": tx.kind.value,
        "status": TRANSACTION_STATUSES.get(tx.status or "", EarningStatus.OTHER),
        "gross_cents": tx.amount_cents,
        "net_cents": tx.net_cents,
        "fee_cents": tx.fee_cents,
        "currency": (tx.currency or "USD")[:3],
        "fan_id": fan_id,
        "fan_onlyfans_id": tx.fan_id,
        "description": html_to_text(tx.description)[:500],
        "occurred_at": tx.created_at,
        "raw": _raw(
            tx, {"id", "amount", "net", "fee", "currency", "status", "description", "createdAt", "user"}
        ),
    }


def chart_rows(chart: EarningsChart) -> list[dict[str, Any]]:
    """Daily amounts and counts per category from ``/earnings/chart``."""
    rows: dict[tuple, dict[str, Any]] = {}
    for category in CHART_CATEGORIES:
        series = getattr(chart, category)
        if series is None:
            continue
        for field, points in (("amount_cents", series.chart_amount), ("count", series.chart_count)):
            for point in points:
                day = point.date.date() if isinstance(point.date, datetime) else point.date
                row = rows.setdefault(
                    (day, category), {"date": day, "category": category, "amount_cents": 0, "count": 0}
                )
                row[field] = dollars_to_cents(point.count) if field == "amount_cents" else int(point.count)
    return list(rows.values())
