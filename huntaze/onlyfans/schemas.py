"""Pydantic models of the OnlyFans payloads a CRM reads (spec §2, §5).

Python names are snake_case; the API's camelCase names are the aliases, so
``model_dump(by_alias=True)`` gives back the API's shape. Only what a CRM cannot work
without is required (ids, times, authors); everything else is optional because field sets
vary between accounts and builds (§6).

Drift handling:

* an unknown field is kept (``extra="allow"``; see ``model_extra`` and ``raw``) and reported
  once per ``(endpoint, field)`` through a ``DriftReporter``;
* a missing required field or a wrong type raises ``SchemaDriftError`` whose ``extra`` names
  the endpoint and the field path (``"list.3.id"``).
"""

from __future__ import annotations

import builtins
import functools
import html
import logging
import re
import threading
import typing
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
)
from pydantic.alias_generators import to_camel

from huntaze.core.money import dollars_to_cents
from huntaze.onlyfans.exceptions import SchemaDriftError
from huntaze.onlyfans.metrics import SCHEMA_DRIFT

logger = logging.getLogger("huntaze.onlyfans.drift")

# Money as OnlyFans sends it: a JSON number of dollars, sometimes a string ("$12.50").
Amount = int | float | str
Id = int | str  # most ids are numbers; built-in lists use names ("fans", "rebill_off")

M = TypeVar("M", bound="OFModel")
T = TypeVar("T")

_TAGS = re.compile(r"<[^>]+>")


# --- drift reporting ---


class DriftReporter:
    """Remembers which unknown fields were seen, warns once per process for each.

    ``fields`` is what the sync reads and persists; ``callback(endpoint, field)`` runs on each
    first sighting.
    """

    def __init__(self, callback: Callable[[str, str], None] | None = None) -> None:
        self._callback = callback
        self._seen: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    @property
    def fields(self) -> frozenset[tuple[str, str]]:
        return frozenset(self._seen)

    def report(self, endpoint: str, field: str) -> bool:
        """Record one unknown field; returns True the first time it is seen."""
        with self._lock:
            if (endpoint, field) in self._seen:
                return False
            self._seen.add((endpoint, field))
        logger.warning("OnlyFans %s sent an unknown field %r (kept in raw)", endpoint, field)
        SCHEMA_DRIFT.labels(endpoint=endpoint).inc()
        if self._callback is not None:
            self._callback(endpoint, field)
        return True


default_drift_reporter = DriftReporter()


def payload_parse(model: type[M], data: Any, *, endpoint: str, drift: DriftReporter | None = None) -> M:
    """Validate one response body; report unknown fields; raise ``SchemaDriftError`` on missing
    required fields or wrong types."""
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or "<body>"
        raise SchemaDriftError(
            f"OnlyFans {endpoint} changed: {field}: {first['msg']}",
            extra={
                "endpoint": endpoint,
                "field": field,
                "problem": first["type"],
                "error_count": exc.error_count(),
            },
        ) from exc
    _raw_attach(parsed, data)
    reporter = drift or default_drift_reporter
    for field in _unknown_fields(parsed, ""):
        reporter.report(endpoint, field)
    return parsed


def _unknown_fields(value: Any, prefix: str) -> list[str]:
    """Paths of unknown fields in a parsed tree; list positions become ``*`` so each field is
    reported once, not once per row. Only fields that can hold a model are descended into:
    this walk runs over every item of every page, so scalars must cost nothing."""
    if isinstance(value, BaseModel):
        found = [f"{prefix}{name}" for name in value.model_extra or {}]
        for name, alias in _nested_fields(type(value)):
            found += _unknown_fields(getattr(value, name), f"{prefix}{alias}.")
        return found
    if isinstance(value, list):
        return sorted({field for item in value for field in _unknown_fields(item, f"{prefix}*.")})
    if isinstance(value, dict):
        return sorted({field for item in value.values() for field in _unknown_fields(item, f"{prefix}*.")})
    return []


@functools.cache
def _nested_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """``(name, alias)`` of the fields whose type can hold a model (directly, in a list or dict)."""
    return tuple(
        (name, info.alias or name)
        for name, info in model.model_fields.items()
        if _may_hold_model(info.annotation)
    )


def _may_hold_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_may_hold_model(arg) for arg in typing.get_args(annotation))


# Kept next to the fields in the instance ``__dict__`` (serialisation and equality only look at
# fields) rather than as a pydantic private attribute: a private attribute makes pydantic run a
# Python initialiser for every model instance, nested ones included — a third of validation.
_RAW = "_raw"


def _raw_set(model: BaseModel, data: dict[str, Any]) -> None:
    object.__setattr__(model, _RAW, data)


def _raw_attach(parsed: BaseModel, data: Any) -> None:
    """Keep the exact JSON of the body and of each item of its top-level lists: the objects a
    ``raw`` column stores. Done once per page here rather than by a validator on every nested
    model, which cost more than the rest of the validation."""
    if not isinstance(parsed, OFModel) or not isinstance(data, dict):
        return
    _raw_set(parsed, data)
    for name, info in type(parsed).model_fields.items():
        items = getattr(parsed, name)
        if not (isinstance(items, list) and items and isinstance(items[0], OFModel)):
            continue
        keys = [info.alias or name]
        if isinstance(info.validation_alias, AliasChoices):
            keys += [key for key in info.validation_alias.choices if isinstance(key, str)]
        raw_items = next((data[key] for key in keys if isinstance(data.get(key), list)), None)
        if raw_items is not None and len(raw_items) == len(items):
            for item, raw in zip(items, raw_items, strict=True):
                if isinstance(raw, dict):
                    _raw_set(item, raw)


class OFModel(BaseModel):
    """Base of every payload model: camelCase aliases, unknown fields kept, raw body kept."""

    model_config = ConfigDict(
        extra="allow", populate_by_name=True, alias_generator=to_camel, coerce_numbers_to_str=True
    )

    @property
    def raw(self) -> dict[str, Any]:
        """The object exactly as OnlyFans sent it (for a raw JSON column), set by
        ``payload_parse`` on the body and on the items of its lists (empty elsewhere)."""
        return self.__dict__.get(_RAW, {})


# --- users and fans ---


class ListState(OFModel):
    id: Id | None = None
    type: str | None = None
    name: str | None = None
    has_user: bool | None = None
    can_add_user: bool | None = None


class SubscribeEntry(OFModel):
    id: Id | None = None
    user_id: int | None = None
    subscriber_id: int | None = None
    start_date: datetime | None = None
    expire_date: datetime | None = None
    cancel_date: datetime | None = None
    price: Amount | None = None
    regular_price: Amount | None = None
    discount: Amount | None = None
    earning_id: Id | None = None
    action: str | None = None
    type: str | None = None
    is_current: bool | None = None


SPEND_FIELDS = {
    "total": "total_summ",
    "subscription": "subscribes_summ",
    "tip": "tips_summ",
    "message": "messages_summ",
    "post": "posts_summ",
    "stream": "streams_summ",
}


class SubscriptionData(OFModel):
    """``subscribedOnData`` / ``subscribedByData``; the ``*Summ`` spend totals are in dollars."""

    price: Amount | None = None
    new_price: Amount | None = None
    regular_price: Amount | None = None
    subscribe_price: Amount | None = None
    discount_percent: Amount | None = None
    discount_period: int | None = None
    subscribe_at: datetime | None = None
    expired_at: datetime | None = None
    renewed_at: datetime | None = None
    discount_started_at: datetime | None = None
    discount_finished_at: datetime | None = None
    status: str | None = None
    is_muted: bool | None = None
    unsubscribe_reason: str | None = None
    duration: str | None = None
    has_active_paid_subscriptions: bool | None = None
    subscribes: list[SubscribeEntry] = Field(default_factory=list)
    total_summ: Amount | None = None
    subscribes_summ: Amount | None = None
    tips_summ: Amount | None = None
    messages_summ: Amount | None = None
    posts_summ: Amount | None = None
    streams_summ: Amount | None = None

    @property
    def spend_cents(self) -> dict[str, int]:
        """Lifetime spend per kind (``total``, ``subscription``, ``tip``…) in cents."""
        return {kind: dollars_to_cents(getattr(self, name)) for kind, name in SPEND_FIELDS.items()}


class User(OFModel):
    """A user as embedded in other objects (often just ``{"id", "_view"}``) or fetched alone."""

    id: int
    view: str | None = Field(None, alias="_view")
    username: str | None = None
    name: str | None = None
    display_name: str | None = None
    avatar: str | None = None
    last_seen: datetime | None = None
    is_blocked: bool | None = None
    is_restricted: bool | None = None
    is_deleted: bool | None = None
    notice: str | None = None
    lists_states: list[ListState] = Field(default_factory=list)
    subscribed_by: bool | None = None
    subscribed_by_data: SubscriptionData | None = None
    subscribed_by_autoprolong: bool | None = None
    subscribed_on: bool | None = None
    subscribed_on_data: SubscriptionData | None = None
    subscribed_on_duration: str | None = None
    subscribed_on_expired_now: bool | None = None


class SubscriptionState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    NEVER = "never"


class Fan(User):
    """A subscriber row (``/subscriptions/subscribers``): a user seen by the creator."""

    @property
    def subscription_status(self) -> SubscriptionState:
        if self.subscribed_on:
            return SubscriptionState.ACTIVE
        if self.subscribed_on_data is not None:
            return SubscriptionState.EXPIRED
        return SubscriptionState.NEVER

    @property
    def renew_on(self) -> bool | None:
        """Auto-renew: off when the fan is in the built-in ``rebill_off`` list; None if unknown."""
        for state in self.lists_states:
            if state.type == "rebill_off":
                return not state.has_user
        return True if self.lists_states else None

    @property
    def spend_cents(self) -> dict[str, int]:
        data = self.subscribed_on_data or SubscriptionData()
        return data.spend_cents


class Me(User):
    """``/users/me``: the logged-in account."""

    is_auth: bool | None = None
    is_performer: bool | None = None
    is_real_performer: bool | None = None
    can_earn: bool | None = None
    subscribers_count: int | None = None
    subscribe_price: Amount | None = None
    posts_count: int | None = None
    email: str | None = Field(None, repr=False)
    is_verified: bool | None = None
    reply_on_subscribe: bool | None = None
    chat_messages_count: int | None = None
    join_date: datetime | None = None
    message_max_price: Amount | None = None
    ws_url: str | None = Field(None, repr=False)
    ws_auth_token: str | None = Field(None, repr=False)

    @property
    def is_creator(self) -> bool:
        return bool(self.is_performer or self.is_real_performer)


# --- media, messages, chats ---


class Media(OFModel):
    id: int
    type: str | None = None
    can_view: bool | None = None
    has_error: bool | None = None
    is_ready: bool | None = None
    created_at: datetime | None = None
    duration: int | float | None = None
    video_sources: dict[str, Any] | None = None
    files: dict[str, Any] | None = None
    source: dict[str, Any] | None = None


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


class Message(OFModel):
    """One chat message. ``price`` is the PPV price, or the tip amount when ``isTip``."""

    id: int
    from_user: User
    created_at: datetime
    response_type: str | None = None
    text: str | None = None
    changed_at: datetime | None = None
    is_free: bool | None = None
    price: Amount | None = None
    can_purchase: bool | None = None
    can_purchase_reason: str | None = None
    is_opened: bool | None = None
    is_new: bool | None = None
    is_tip: bool | None = None
    locked_text: bool | None = None
    media: list[Media] = Field(default_factory=list)
    media_count: int | None = None
    is_media_ready: bool | None = None
    previews: list[Any] = Field(default_factory=list)
    giphy_id: Id | None = None
    is_liked: bool | None = None
    is_pinned: bool | None = None
    is_from_queue: bool | None = None
    queue_id: int | None = None
    can_unsend_queue: bool | None = None
    unsend_seconds_queue: int | None = None
    cancel_seconds: int | None = None
    can_report: bool | None = None

    def direction(self, me_id: int) -> Direction:
        return Direction.OUTGOING if self.from_user.id == me_id else Direction.INCOMING

    @property
    def price_cents(self) -> int:
        return dollars_to_cents(self.price)

    @property
    def tip_cents(self) -> int:
        return self.price_cents if self.is_tip else 0

    def is_purchased(self, me_id: int) -> bool:
        """The creator sees a sent PPV as opened once the fan bought it."""
        return (
            self.direction(me_id) is Direction.OUTGOING
            and self.price_cents > 0
            and not self.is_tip
            and bool(self.is_opened)
        )

    @property
    def media_total(self) -> int:
        return self.media_count if self.media_count is not None else len(self.media)

    @property
    def media_kinds(self) -> list[str]:
        return sorted({m.type for m in self.media if m.type})


class Chat(OFModel):
    """One inbox row; a chat has no id of its own, it is addressed by ``with_user.id``."""

    with_user: User
    last_message: Message | None = None
    unread_messages_count: int | None = None
    has_unread_tips: bool | None = None
    last_read_message_id: int | None = None
    can_send_message: bool | None = None
    can_not_send_reason: str | bool | None = None
    is_muted_notifications: bool | None = None
    has_purchased_feed: bool | None = None
    count_pinned_messages: int | None = None


# --- content ---


class Post(OFModel):
    id: int
    posted_at: datetime
    posted_at_precise: str | None = None
    response_type: str | None = None
    expired_at: datetime | None = None
    author: User | None = None
    text: str | None = None
    raw_text: str | None = None
    price: Amount | None = None
    is_opened: bool | None = None
    can_view_media: bool | None = None
    media: list[Media] = Field(default_factory=list)
    media_count: int | None = None
    preview: list[Any] = Field(default_factory=list)
    favorites_count: int | None = None
    comments_count: int | None = None
    tips_amount: Amount | None = None
    is_pinned: bool | None = None
    is_archived: bool | None = None

    @property
    def price_cents(self) -> int:
        return dollars_to_cents(self.price)

    @property
    def tips_cents(self) -> int:
        return dollars_to_cents(self.tips_amount)

    @property
    def publish_key(self) -> float:
        """The order key of the posts list (what ``beforePublishTime`` compares)."""
        return float(self.posted_at_precise) if self.posted_at_precise else self.posted_at.timestamp()


class VaultCounters(OFModel):
    likes_count: int | None = None
    tips_summ: Amount | None = None


class VaultMedia(Media):
    counters: VaultCounters | None = None
    has_posts: bool | None = None
    lists: list[Any] = Field(default_factory=list)


# --- earnings ---


class TransactionKind(StrEnum):
    SUBSCRIPTION = "subscription"
    TIP = "tip"
    MESSAGE = "message"
    POST = "post"
    STREAM = "stream"
    OTHER = "other"


# Description prefixes, longest first ("Recurring subscription from" before "Subscription from").
TRANSACTION_KINDS = (
    ("recurring subscription from", TransactionKind.SUBSCRIPTION),
    ("subscription from", TransactionKind.SUBSCRIPTION),
    ("payment for message from", TransactionKind.MESSAGE),
    ("tip from", TransactionKind.TIP),
    ("post from", TransactionKind.POST),
    ("stream from", TransactionKind.STREAM),
)


class Transaction(OFModel):
    """One ledger row; ``id`` is a hex string, amounts are dollars (gross, net, fee)."""

    id: str
    created_at: datetime
    amount: Amount
    net: Amount | None = None
    fee: Amount | None = None
    vat_amount: Amount | None = None
    currency: str | None = None
    status: str | None = None  # done | loading (pending) | undo (chargeback) | pending_return
    payout_pending_days: int | None = None
    description: str | None = None
    user: User | None = None

    @property
    def amount_cents(self) -> int:
        return dollars_to_cents(self.amount)

    @property
    def net_cents(self) -> int:
        return dollars_to_cents(self.net)

    @property
    def fee_cents(self) -> int:
        return dollars_to_cents(self.fee) if self.fee is not None else self.amount_cents - self.net_cents

    @property
    def kind(self) -> TransactionKind:
        text = html.unescape(_TAGS.sub("", self.description or "")).strip().lower()
        for prefix, kind in TRANSACTION_KINDS:
            if text.startswith(prefix):
                return kind
        return TransactionKind.OTHER

    @property
    def fan_id(self) -> int | None:
        return self.user.id if self.user is not None else None


class ChartPoint(OFModel):
    date: datetime  # "YYYY-MM-DD" is accepted too (midnight)
    count: int | float


class EarningsSeries(OFModel):
    chart_amount: list[ChartPoint] = Field(default_factory=list)
    chart_count: list[ChartPoint] = Field(default_factory=list)
    total: Amount | None = None
    gross: Amount | None = None
    delta: Amount | None = None


class EarningsChart(OFModel):
    """``/earnings/chart``: one series per category (keys seen so far; others are drift)."""

    total: EarningsSeries | None = None
    subscribes: EarningsSeries | None = None
    tips: EarningsSeries | None = None
    post: EarningsSeries | None = None
    messages: EarningsSeries | None = None
    stream: EarningsSeries | None = None
    ref: EarningsSeries | None = None


class SubscriptionCounts(OFModel):
    active: int | None = None
    muted: int | None = None
    restricted: int | None = None
    expired: int | None = None
    blocked: int | None = None
    attention: int | None = None
    all: int | None = None
    active_online: int | None = None


class SubscriberCounts(OFModel):
    """``/subscriptions/count/all``: ``subscribers`` are the creator's fans."""

    subscribers: SubscriptionCounts
    subscriptions: SubscriptionCounts | None = None
    bookmarks: int | None = None

    @property
    def all_subscribers(self) -> int:
        return self.subscribers.all or 0


class QueueEntry(OFModel):
    """A mass message (``POST /messages/queue``) as queued by OnlyFans."""

    id: int
    date: datetime | None = None
    is_ready: bool | None = None
    is_done: bool | None = None
    total: int | None = None
    pending: int | None = None
    can_unsend: bool | None = None


# --- page envelopes (format=infinite) ---


class ListPage(OFModel, Generic[T]):
    """``{"list": [...], "hasMore": bool}``; ``hasMore`` is required since walks stop on it."""

    list: builtins.list[T]
    has_more: bool


class ChatsPage(ListPage[Chat]):
    next_offset: int | None = None


MessagesPage = ListPage[Message]


class SubscribersPage(ListPage[Fan]):
    # One client reads the rows from a "users" key instead (§6).
    list: builtins.list[Fan] = Field(validation_alias=AliasChoices("list", "users"))


class PostsPage(ListPage[Post]):
    head_marker: str | None = None
    tail_marker: str | None = None
    counters: dict[str, int] | None = None


VaultMediaPage = ListPage[VaultMedia]


class TransactionsPage(ListPage[Transaction]):
    next_marker: int | None = None
