"""Chat figures: messages and PPV sent, PPV conversion, response times, per-chatter performance.

A PPV is an outgoing message with a price. Messages deleted on OnlyFans (unsent) are left out:
a fan could neither open nor buy them. Per-chatter figures cover what a team member approved
and sent through Huntaze (``OutboundMessage.approved_by``); messages typed directly on OnlyFans
have no known author.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.models import ChatTurn
from huntaze.analytics.numbers import percent, quantile
from huntaze.analytics.window import Window
from huntaze.inbox.choices import Direction, OutboundStatus
from huntaze.inbox.models import Message, OutboundMessage


@dataclass(frozen=True, slots=True)
class MessageStats:
    sent: int
    received: int
    ppv_sent: int
    ppv_opened: int
    ppv_purchased: int
    ppv_revenue_cents: int

    @property
    def ppv_open_rate(self) -> float | None:
        return percent(self.ppv_opened, self.ppv_sent)

    @property
    def ppv_purchase_rate(self) -> float | None:
        return percent(self.ppv_purchased, self.ppv_sent)

    @property
    def revenue_per_ppv_cents(self) -> int | None:
        return round(self.ppv_revenue_cents / self.ppv_sent) if self.ppv_sent else None


@dataclass(frozen=True, slots=True)
class Latency:
    """Response times in seconds: how many, median and 90th percentile (nearest rank)."""

    replies: int
    median_seconds: float | None
    p90_seconds: float | None

    @classmethod
    def of(cls, seconds: list[float]) -> Latency:
        seconds = sorted(seconds)
        return cls(len(seconds), quantile(seconds, 0.5), quantile(seconds, 0.9))


@dataclass(frozen=True, slots=True)
class ResponseTimes:
    """Fan turns begun in the window (a fan's messages since the last reply) and how fast the next
    outgoing message in the chat answered them; ``by_chatter`` for replies sent through Huntaze."""

    turns: int
    answered: Latency
    by_chatter: dict[int, Latency] = field(default_factory=dict)

    @property
    def unanswered(self) -> int:
        return self.turns - self.answered.replies


@dataclass(frozen=True, slots=True)
class ChatterRow:
    user_id: int
    username: str
    messages_sent: int
    ppv_sent: int
    ppv_bought: int
    revenue_cents: int
    response: Latency | None

    @property
    def ppv_purchase_rate(self) -> float | None:
        return percent(self.ppv_bought, self.ppv_sent)


def message_stats(*, account: OnlyFansAccount, window: Window) -> MessageStats:
    """Messages sent and received in the window, and how its PPVs did (opened, bought, revenue).

    A PPV's revenue is its price when bought; ``is_purchased`` is as of the last sync, so a PPV
    bought after the window still counts for the window it was sent in.
    """
    ppv = Q(direction=Direction.OUTGOING, price_cents__gt=0)
    bought = ppv & Q(is_purchased=True)
    # Counting a column of the covering index (not the id) keeps PostgreSQL on an index-only scan.
    counts = (
        Message.objects.filter(
            account=account, sent_at__gte=window.since, sent_at__lt=window.until, is_deleted=False
        )
        .order_by()
        .aggregate(
            sent=Count("sent_at", filter=Q(direction=Direction.OUTGOING)),
            received=Count("sent_at", filter=Q(direction=Direction.INCOMING)),
            ppv_sent=Count("sent_at", filter=ppv),
            ppv_opened=Count("sent_at", filter=ppv & Q(is_opened=True)),
            ppv_purchased=Count("sent_at", filter=bought),
            ppv_revenue_cents=Coalesce(Sum("price_cents", filter=bought), 0),
        )
    )
    return MessageStats(**counts)


def response_times(*, account: OnlyFansAccount, window: Window) -> ResponseTimes:
    """Median and 90th-percentile time from the first message of a fan turn begun in the window to
    the next outgoing message of the chat, overall and per team member for replies they approved and
    sent through Huntaze. Reads ``ChatTurn`` (kept current by ``services.chat_turns_refresh``)."""
    turns = ChatTurn.objects.filter(account=account, asked_at__gte=window.since, asked_at__lt=window.until)
    # ~100k rows for 90 days of a large account: read straight from the cursor, without building
    # a Django row per turn (a third of this function's time).
    sql, params = turns.order_by().values_list("response_seconds", "replied_by").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    answered: list[float] = []
    per_chatter: dict[int, list[float]] = {}
    for seconds, user_id in rows:
        if seconds is None:
            continue
        answered.append(seconds)
        if user_id is not None:
            per_chatter.setdefault(user_id, []).append(seconds)
    return ResponseTimes(
        turns=len(rows),
        answered=Latency.of(answered),
        by_chatter={user_id: Latency.of(seconds) for user_id, seconds in per_chatter.items()},
    )


def chatter_performance(
    *, account: OnlyFansAccount, window: Window, responses: ResponseTimes | None = None
) -> list[ChatterRow]:
    """Per team member, what they sent through Huntaze in the window: messages, PPVs, PPVs bought
    and the revenue of those purchases, with their reply times (``responses`` if already computed).
    Busiest first."""
    responses = responses or response_times(account=account, window=window)
    purchased = Message.objects.filter(
        account_id=OuterRef("account_id"), onlyfans_id=OuterRef("onlyfans_message_id"), is_purchased=True
    )
    ppv = Q(price_cents__gt=0)
    bought = ppv & Q(Exists(purchased))
    rows = (
        OutboundMessage.objects.filter(
            account=account,
            status=OutboundStatus.SENT,
            sent_at__gte=window.since,
            sent_at__lt=window.until,
        )
        .order_by()
        .values_list("approved_by_id", "approved_by__username")
        .annotate(
            sent=Count("pk"),
            ppv_sent=Count("pk", filter=ppv),
            ppv_bought=Count("pk", filter=bought),
            revenue=Coalesce(Sum("price_cents", filter=bought), 0),
        )
        .order_by("-sent", "approved_by__username")
    )
    return [
        ChatterRow(
            user_id=user_id,
            username=username,
            messages_sent=sent,
            ppv_sent=ppv_sent,
            ppv_bought=ppv_bought,
            revenue_cents=revenue,
            response=responses.by_chatter.get(user_id),
        )
        for user_id, username, sent, ppv_sent, ppv_bought, revenue in rows
    ]
