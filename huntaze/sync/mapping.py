"""OnlyFans payloads -> Huntaze rows.

Works on the API's own JSON shape (the connector models' ``raw`` body, field names as in
``../shared/onlyfans-api.md``), so it reads like the API documentation; the connector has
already validated what is required.
Fields Huntaze does not model go to the row's ``raw`` column; money becomes integer cents.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

from huntaze.core.money import dollars_to_cents
from huntaze.earnings.models import EarningKind, EarningStatus
from huntaze.fans.choices import SubscriptionStatus
from huntaze.inbox.choices import Direction

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
SPEND_FIELDS = {
    "total": "totalSumm",
    "subscription": "subscribesSumm",
    "tip": "tipsSumm",
    "message": "messagesSumm",
    "post": "postsSumm",
    "stream": "streamsSumm",
}
TRANSACTION_KINDS = (
    # description prefixes, longest first
    ("recurring subscription from", EarningKind.SUBSCRIPTION),
    ("subscription from", EarningKind.SUBSCRIPTION),
    ("payment for message from", EarningKind.MESSAGE),
    ("tip from", EarningKind.TIP),
    ("post from", EarningKind.POST),
    ("stream from", EarningKind.STREAM),
)
TRANSACTION_STATUSES = {
    "done": EarningStatus.DONE,
    "loading": EarningStatus.PENDING,
    "undo": EarningStatus.CHARGEBACK,
}
CHART_CATEGORIES = ("total", "subscribes", "tips", "post", "messages", "stream", "ref")


def as_dict(model: Any) -> dict[str, Any]:
    """The object as OnlyFans sent it (a connector model's ``raw``, or a dict as is)."""
    return model if isinstance(model, dict) else model.raw


def parse_time(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def html_to_text(value: str | None) -> str:
    """OnlyFans sends message text as HTML (``<p>hi</p>``); store plain text, unescaped once.

    Templates escape it again on output, so hostile text stays inert.
    """
    if not value:
        return ""
    text = re.sub(r"<br\s*/?>|</p>\s*<p>", "\n", value)
    return html.unescape(_TAGS.sub("", text)).strip()


def _raw(data: dict[str, Any], modelled: set[str]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in modelled}


# --- fans ---


def _renew_on(data: dict[str, Any]) -> bool | None:
    states = data.get("listsStates") or []
    for state in states:
        if state.get("type") == "rebill_off":
            return not state.get("hasUser")
    return None if not states else True


def fan_row(fan: Any, *, snapshot_at: datetime) -> dict[str, Any]:
    data = as_dict(fan)
    sub = data.get("subscribedOnData") or {}
    expires_at = parse_time(sub.get("expiredAt"))
    if data.get("subscribedOn"):
        status = SubscriptionStatus.ACTIVE
    elif sub:
        status = SubscriptionStatus.EXPIRED
    else:
        status = SubscriptionStatus.NEVER
    return {
        "onlyfans_id": int(data["id"]),
        "username": str(data.get("username") or "")[:120],
        "display_name": str(data.get("name") or "")[:200],
        "avatar_url": str(data.get("avatar") or "")[:1000],
        "subscription_status": status,
        "subscribed_at": parse_time(sub.get("subscribeAt")),
        "expires_at": expires_at,
        "renewed_at": parse_time(sub.get("renewedAt")),
        "renew_on": _renew_on(data),
        "spend_snapshot": {kind: dollars_to_cents(sub.get(name)) for kind, name in SPEND_FIELDS.items()},
        "spend_snapshot_at": snapshot_at,
        "last_seen_at": parse_time(data.get("lastSeen")),
        "raw": _raw(data, FAN_MODELLED),
        "synced_at": snapshot_at,
    }


def fan_activity_key(fan: Any) -> str | None:
    """Order key of ``/subscribers/latest``: the newest subscribe or renew time (UTC ISO)."""
    sub = as_dict(fan).get("subscribedOnData") or {}
    times = [parse_time(sub.get(name)) for name in ("renewedAt", "subscribeAt")]
    newest = max((t for t in times if t), default=None)
    return newest.astimezone(UTC).isoformat() if newest else None


# --- chats and messages ---


def chat_user_profile(chat: Any) -> dict[str, Any]:
    user = as_dict(chat).get("withUser") or {}
    return {
        "username": str(user.get("username") or "")[:120],
        "display_name": str(user.get("name") or "")[:200],
        "avatar_url": str(user.get("avatar") or "")[:1000],
    }


def chat_row(chat: Any, *, fan_id: int) -> dict[str, Any]:
    data = as_dict(chat)
    last = data.get("lastMessage") or {}
    return {
        "fan_id": fan_id,
        "last_message_onlyfans_id": last.get("id"),
        "last_message_at": parse_time(last.get("createdAt")),
        "unread_count": int(data.get("unreadMessagesCount") or 0),
        "raw": _raw(data, {"withUser", "lastMessage", "unreadMessagesCount"}),
    }


def message_row(message: Any, *, me_id: int) -> dict[str, Any]:
    data = as_dict(message)
    from_id = int((data.get("fromUser") or {}).get("id") or 0)
    price_cents = dollars_to_cents(data.get("price"))
    is_tip = bool(data.get("isTip"))
    media = data.get("media") or []
    outgoing = from_id == me_id
    return {
        "onlyfans_id": int(data["id"]),
        "direction": Direction.OUTGOING if outgoing else Direction.INCOMING,
        "text": html_to_text(data.get("text")),
        "sent_at": parse_time(data["createdAt"]),
        "price_cents": 0 if is_tip else price_cents,
        "is_free": bool(data.get("isFree", price_cents == 0)),
        # The creator sees a PPV as opened once the fan bought it.
        "is_purchased": outgoing and price_cents > 0 and not is_tip and bool(data.get("isOpened")),
        "is_opened": bool(data.get("isOpened")),
        "is_tip": is_tip,
        "tip_cents": price_cents if is_tip else 0,
        "media_count": int(data.get("mediaCount") or len(media)),
        "media_kinds": sorted({str(m.get("type")) for m in media if m.get("type")}),
        "remote_changed_at": parse_time(data.get("changedAt")),
        "raw": _raw(data, MESSAGE_MODELLED),
    }


# --- content ---


def post_key(post: Any) -> float:
    data = as_dict(post)
    precise = data.get("postedAtPrecise")
    if precise:
        return float(precise)
    return parse_time(data["postedAt"]).timestamp()


def _media_type(media: list[dict[str, Any]]) -> str:
    kinds = {str(m.get("type")) for m in media if m.get("type")}
    return kinds.pop() if len(kinds) == 1 else ("mixed" if kinds else "")


def post_row(post: Any) -> dict[str, Any]:
    data = as_dict(post)
    media = data.get("media") or []
    return {
        "onlyfans_id": int(data["id"]),
        "kind": "post",
        "text": html_to_text(data.get("text") or data.get("rawText")),
        "price_cents": dollars_to_cents(data.get("price")),
        "published_at": parse_time(data.get("postedAt")),
        "media_type": _media_type(media),
        "media_count": int(data.get("mediaCount") or len(media)),
        "likes_count": int(data.get("favoritesCount") or 0),
        "comments_count": int(data.get("commentsCount") or 0),
        "tips_cents": dollars_to_cents(data.get("tipsAmount")),
        "purchases_count": int(data.get("purchasedCount") or 0),
        "is_archived": bool(data.get("isArchived")),
        "raw": _raw(
            data,
            {
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
            },
        ),
    }


def vault_row(media: Any) -> dict[str, Any]:
    data = as_dict(media)
    counters = data.get("counters") or {}
    return {
        "onlyfans_id": int(data["id"]),
        "kind": "vault",
        "text": "",
        "price_cents": 0,
        "published_at": parse_time(data.get("createdAt")),
        "media_type": str(data.get("type") or ""),
        "media_count": 1,
        "likes_count": int(counters.get("likesCount") or 0),
        "comments_count": 0,
        "tips_cents": dollars_to_cents(counters.get("tipsSumm")),
        "purchases_count": 0,
        "is_archived": False,
        "raw": _raw(data, {"id", "type", "createdAt", "counters"}),
    }


# --- earnings ---


def transaction_kind(description: str | None) -> str:
    text = html_to_text(description).lower()
    for prefix, kind in TRANSACTION_KINDS:
        if text.startswith(prefix):
            return kind
    return EarningKind.OTHER


def transaction_key(tx: Any) -> str:
    return parse_time(as_dict(tx)["createdAt"]).astimezone(UTC).isoformat()


def transaction_user_profile(tx: Any) -> dict[str, Any]:
    user = as_dict(tx).get("user") or {}
    return {
        "username": str(user.get("username") or "")[:120],
        "display_name": str(user.get("name") or "")[:200],
    }


def transaction_row(tx: Any, *, fan_id: int | None) -> dict[str, Any]:
    data = as_dict(tx)
    user = data.get("user") or {}
    gross = dollars_to_cents(data.get("amount"))
    net = dollars_to_cents(data.get("net"))
    return {
        "onlyfans_id": str(data["id"]),
        "kind": transaction_kind(data.get("description")),
        "status": TRANSACTION_STATUSES.get(str(data.get("status")), EarningStatus.OTHER),
        "gross_cents": gross,
        "net_cents": net,
        "fee_cents": dollars_to_cents(data.get("fee")) if data.get("fee") is not None else gross - net,
        "currency": str(data.get("currency") or "USD")[:3],
        "fan_id": fan_id,
        "fan_onlyfans_id": int(user["id"]) if user.get("id") else None,
        "description": html_to_text(data.get("description"))[:500],
        "occurred_at": parse_time(data["createdAt"]),
        "raw": _raw(
            data, {"id", "amount", "net", "fee", "currency", "status", "description", "createdAt", "user"}
        ),
    }


def chart_rows(chart: Any) -> list[dict[str, Any]]:
    """Daily amounts and counts per category from ``/earnings/chart``."""
    data = as_dict(chart)
    rows: dict[tuple, dict[str, Any]] = {}
    for category in CHART_CATEGORIES:
        series = data.get(category) or {}
        for point in series.get("chartAmount") or []:
            day = parse_time(point["date"]).date()
            rows.setdefault(
                (day, category), {"date": day, "category": category, "amount_cents": 0, "count": 0}
            )["amount_cents"] = dollars_to_cents(point.get("count"))
        for point in series.get("chartCount") or []:
            day = parse_time(point["date"]).date()
            rows.setdefault(
                (day, category), {"date": day, "category": category, "amount_cents": 0, "count": 0}
            )["count"] = int(point.get("count") or 0)
    return list(rows.values())
