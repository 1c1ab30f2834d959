"""Everything the analytics page shows for one account and period, rendered once and cached.

The figures only change when new data arrives (a sync, a message sent through Huntaze, derived
chat turns, recommendations, the preset), so the cache key carries those versions: a page view
right after any of them recomputes, and the TTL bounds how far "the last N days" may lag behind
the clock.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.dates import WEEKDAYS

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.models import AnalyticsState, Recommendation
from huntaze.analytics.selectors.activity import Heatmap, activity_heatmap
from huntaze.analytics.selectors.audience import RenewOn, SubscriberFlow, renew_on_rate, subscriber_flow
from huntaze.analytics.selectors.earnings import (
    KINDS,
    EarningsBucket,
    EarningsSummary,
    FanRevenue,
    LifetimeValue,
    TopSpender,
    earnings_by_period,
    earnings_summary,
    fan_lifetime_value,
    fan_revenue,
    top_spenders,
)
from huntaze.analytics.selectors.kpis import KpiReport, kpi_measures, kpi_status
from huntaze.analytics.selectors.messaging import (
    ChatterRow,
    MessageStats,
    ResponseTimes,
    chatter_performance,
    message_stats,
    response_times,
)
from huntaze.analytics.selectors.recommendations import recommendation_list
from huntaze.analytics.window import Window, account_tz, window_last
from huntaze.earnings.models import EarningKind, EarningsEntry
from huntaze.fans.models import Fan
from huntaze.inbox.models import Message, OutboundMessage
from huntaze.web.templatetags.money import cents

CACHE_SECONDS = 900  # longer than the sync interval (300 s ± 15 %): the worker re-renders after each sync
CACHE_VERSION = 1  # bump when ``Overview`` changes shape: cached pickles of the old one are ignored
TOP_FANS = 10
WEEKLY_FROM_DAYS = 60  # longer periods chart weekly bars: 90 daily bars are too thin to read


@dataclass(frozen=True, slots=True)
class Overview:
    days: int
    window: Window
    timezone: str
    bucket: str
    buckets: list[EarningsBucket]
    summary: EarningsSummary
    top: list[TopSpender]
    revenue: FanRevenue
    lifetime: LifetimeValue
    flow: SubscriberFlow
    renew: RenewOn
    messages: MessageStats
    responses: ResponseTimes
    chatters: list[ChatterRow]
    heatmap: Heatmap
    kpis: KpiReport
    computed_at: datetime

    def chart(self) -> dict[str, Any]:
        """The earnings chart's data for ``json_script`` (cents; the script formats money)."""
        labels = dict(EarningKind.choices)
        return {
            "labels": [bucket.start.isoformat() for bucket in self.buckets],
            "bucket": self.bucket,
            "datasets": [
                {
                    "kind": kind,
                    "label": str(labels[kind]),
                    "cents": [b.gross_by_kind[kind] for b in self.buckets],
                }
                for kind in KINDS
            ],
        }

    @property
    def message_heat_rows(self) -> list[dict[str, Any]]:
        return self._heat_rows(spend=False)

    @property
    def spend_heat_rows(self) -> list[dict[str, Any]]:
        return self._heat_rows(spend=True)

    def _heat_rows(self, *, spend: bool) -> list[dict[str, Any]]:
        """One row per weekday (Monday first) of cells ``{hour, text, level}`` for the template.

        The text is formatted here: 336 cells through the template's number localisation were a
        third of the page's rendering time.
        """
        grid = self.heatmap.spend_cents if spend else self.heatmap.messages
        levels = self.heatmap.levels(spend=spend)
        text = cents if spend else str
        return [
            {
                "weekday": WEEKDAYS[day],
                "cells": [
                    {"hour": hour, "text": text(grid[day][hour]), "level": levels[day][hour]}
                    for hour in range(len(grid[day]))
                ],
            }
            for day in range(len(grid))
        ]

    @property
    def chatters_direct_sent(self) -> int:
        """Messages sent in the window that did not go through Huntaze (typed on OnlyFans)."""
        return max(0, self.messages.sent - sum(row.messages_sent for row in self.chatters))


class AnalyticsPage:
    """What the page shows for one account and period; ``has_data`` false is the empty state.

    The template caches its rendered figures under ``cache_key`` (account, period, data version,
    and it adds the language) and reads ``overview`` and ``recommendations``, computed on first
    access, only on a miss: a repeat view runs a few small queries and no aggregation.
    """

    cache_seconds = CACHE_SECONDS

    def __init__(self, *, account: OnlyFansAccount, days: int, has_data: bool, cache_key: str = "") -> None:
        self.account, self.days, self.has_data, self.cache_key = account, days, has_data, cache_key

    @cached_property
    def overview(self) -> Overview:
        return analytics_overview(account=self.account, days=self.days)

    @cached_property
    def recommendations(self) -> list[Recommendation]:
        return recommendation_list(account=self.account)


def analytics_overview(*, account: OnlyFansAccount, days: int, now: datetime | None = None) -> Overview:
    """Every figure of the page over the last ``days`` calendar days in the account's time zone."""
    tz = account_tz(account)
    window = window_last(days=days, tz=tz, until=now)
    revenue = fan_revenue(account=account, window=window)
    flow = subscriber_flow(account=account, window=window)
    renew = renew_on_rate(account=account)
    messages = message_stats(account=account, window=window)
    responses = response_times(account=account, window=window)
    bucket = "week" if days >= WEEKLY_FROM_DAYS else "day"
    return Overview(
        days=days,
        window=window,
        timezone=tz.key,
        bucket=bucket,
        buckets=earnings_by_period(account=account, window=window, tz=tz, period=bucket),
        summary=earnings_summary(account=account, window=window),
        top=top_spenders(account=account, window=window, limit=TOP_FANS),
        revenue=revenue,
        lifetime=fan_lifetime_value(account=account),
        flow=flow,
        renew=renew,
        messages=messages,
        responses=responses,
        chatters=chatter_performance(account=account, window=window, responses=responses),
        heatmap=activity_heatmap(account=account, window=window, tz=tz),
        kpis=kpi_status(
            account=account,
            window=window,
            measures=kpi_measures(
                revenue=revenue, flow=flow, renew=renew, messages=messages, responses=responses
            ),
        ),
        computed_at=timezone.now(),
    )


def _has_data(account: OnlyFansAccount) -> bool:
    return (
        Fan.objects.filter(account=account).exists()
        or EarningsEntry.objects.filter(account=account).exists()
        or Message.objects.filter(account=account).exists()
    )


def _data_version(account: OnlyFansAccount) -> str:
    """Changes whenever what the page shows may have changed (not with the clock: see the TTL)."""
    sent = OutboundMessage.objects.filter(account=account).aggregate(at=Max("updated_at"))["at"]
    turns = (
        AnalyticsState.objects.filter(account=account).values_list("turns_refreshed_at", flat=True).first()
    )
    advised = Recommendation.objects.filter(account=account).aggregate(at=Max("computed_at"))["at"]
    parts = (
        account.last_sync_at,
        account.updated_at,
        account.timezone,
        account.preset_slug,
        sent,
        turns,
        advised,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def analytics_page(*, account: OnlyFansAccount, days: int) -> AnalyticsPage:
    """The analytics page of ``account`` over the last ``days`` days (figures computed lazily)."""
    if not _has_data(account):
        return AnalyticsPage(account=account, days=days, has_data=False)
    key = f"v{CACHE_VERSION}:{account.pk}:{days}:{_data_version(account)}"
    return AnalyticsPage(account=account, days=days, has_data=True, cache_key=key)
