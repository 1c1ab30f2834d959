"""Money figures from the sales ledger: earnings over time and by kind, per-fan averages, top spenders.

A sale counts when it stands: cleared or pending (``SPEND_STATUSES``, as in a fan's spend). A sale
charged back never counts where it was made (OnlyFans marks the original row ``undo``, it writes no
negative row, so a plain sum would count it as income); the amount taken back is reported apart,
in the window where the sync saw it happen (``chargeback_at``). Gross is what fans paid, net what
the creator keeps after OnlyFans' fee.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.localtime import local_date
from huntaze.analytics.numbers import MONTH_DAYS
from huntaze.analytics.window import Window
from huntaze.earnings.models import EarningKind, EarningsEntry, EarningStatus
from huntaze.fans.choices import SubscriptionStatus
from huntaze.fans.models import Fan
from huntaze.fans.services import SPEND_STATUSES

PeriodKind = Literal["day", "week", "month"]
KINDS: tuple[str, ...] = tuple(EarningKind.values)


@dataclass(frozen=True, slots=True)
class EarningsBucket:
    """One day, week (from Monday) or month of standing sales, in the account's calendar."""

    start: date
    gross_by_kind: dict[str, int]
    gross_cents: int
    net_cents: int


@dataclass(frozen=True, slots=True)
class EarningsSummary:
    gross_cents: int
    net_cents: int
    pending_cents: int
    sales: int
    chargeback_cents: int
    chargebacks: int
    gross_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def fee_cents(self) -> int:
        return self.gross_cents - self.net_cents


@dataclass(frozen=True, slots=True)
class FanRevenue:
    """ARPU and ARPPU over a window, scaled to 30 days (the presets' KPIs are per month)."""

    revenue_cents: int
    fans: int
    paying_fans: int
    days: float

    @property
    def arpu_cents(self) -> int | None:
        return _per_month(self.revenue_cents, self.fans, self.days)

    @property
    def arppu_cents(self) -> int | None:
        return _per_month(self.revenue_cents, self.paying_fans, self.days)


@dataclass(frozen=True, slots=True)
class LifetimeValue:
    """What a fan who ever subscribed has spent in all (the fans table's canonical totals)."""

    fans: int
    paying_fans: int
    total_cents: int
    average_cents: int | None
    average_paying_cents: int | None


@dataclass(frozen=True, slots=True)
class TopSpender:
    fan: Fan
    window_cents: int


def _per_month(cents: int, fans: int, days: float) -> int | None:
    if not fans or days <= 0:
        return None
    return round(cents * MONTH_DAYS / (fans * days))


def sales_in(account: OnlyFansAccount, window: Window) -> QuerySet[EarningsEntry]:
    """The window's standing sales (unordered, ready to aggregate)."""
    return EarningsEntry.objects.filter(
        account=account,
        occurred_at__gte=window.since,
        occurred_at__lt=window.until,
        status__in=SPEND_STATUSES,
    ).order_by()


def _bucket_starts(window: Window, tz: ZoneInfo, period: PeriodKind) -> list[date]:
    first = _bucket_start(window.since.astimezone(tz).date(), period)
    last = (window.until - timedelta(microseconds=1)).astimezone(tz).date()
    starts, day = [], first
    while day <= last:
        starts.append(day)
        if period == "day":
            day += timedelta(days=1)
        elif period == "week":
            day += timedelta(days=7)
        else:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return starts


def _bucket_start(day: date, period: PeriodKind) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def earnings_by_period(
    *, account: OnlyFansAccount, window: Window, tz: ZoneInfo, period: PeriodKind = "day"
) -> list[EarningsBucket]:
    """Standing sales per day, week (from Monday) or month of ``tz``, gross split by kind; empty
    buckets included. The database groups by local day; weeks and months fold those in Python."""
    rows = (
        sales_in(account, window)
        .annotate(day=local_date("occurred_at", tz=tz, window=window))
        .values_list("day", "kind")
        .annotate(gross=Sum("gross_cents"), net=Sum("net_cents"))
    )
    gross: dict[date, dict[str, int]] = {}
    net: dict[date, int] = {}
    for day, kind, gross_cents, net_cents in rows:
        start = _bucket_start(day, period)
        per_kind = gross.setdefault(start, {})
        per_kind[kind] = per_kind.get(kind, 0) + gross_cents
        net[start] = net.get(start, 0) + net_cents
    buckets = []
    for start in _bucket_starts(window, tz, period):
        per_kind = gross.get(start, {})
        buckets.append(
            EarningsBucket(
                start=start,
                gross_by_kind={kind: per_kind.get(kind, 0) for kind in KINDS},
                gross_cents=sum(per_kind.values()),
                net_cents=net.get(start, 0),
            )
        )
    return buckets


def earnings_summary(*, account: OnlyFansAccount, window: Window) -> EarningsSummary:
    """Gross, net, pending and per-kind totals of the window's standing sales, and chargebacks
    seen in the window (whenever the sale was made)."""
    by_kind = (
        sales_in(account, window)
        .values_list("kind")
        .annotate(
            gross=Sum("gross_cents"),
            net=Sum("net_cents"),
            pending=Sum("gross_cents", filter=Q(status=EarningStatus.PENDING), default=0),
            sales=Count("*"),
        )
    )
    gross_by_kind = dict.fromkeys(KINDS, 0)
    net = pending = sales = 0
    for kind, kind_gross, kind_net, kind_pending, kind_sales in by_kind:
        gross_by_kind[kind] = kind_gross
        net, pending, sales = net + kind_net, pending + kind_pending, sales + kind_sales
    chargebacks = EarningsEntry.objects.filter(
        account=account,
        status=EarningStatus.CHARGEBACK,
        chargeback_at__gte=window.since,
        chargeback_at__lt=window.until,
    ).aggregate(cents=Coalesce(Sum("gross_cents"), 0), count=Count("*"))
    return EarningsSummary(
        gross_cents=sum(gross_by_kind.values()),
        net_cents=net,
        pending_cents=pending,
        sales=sales,
        chargeback_cents=chargebacks["cents"],
        chargebacks=chargebacks["count"],
        gross_by_kind=gross_by_kind,
    )


def fan_revenue(*, account: OnlyFansAccount, window: Window) -> FanRevenue:
    """Revenue, fans and paying fans of the window, for ARPU and ARPPU.

    Fans are those whose subscription overlapped the window, plus anyone who paid in it (a
    lapsed fan can still buy a PPV); paying fans are those with a standing sale in it.
    """
    sales = sales_in(account, window)
    paid = sales.aggregate(revenue=Coalesce(Sum("gross_cents"), 0), payers=Count("fan", distinct=True))
    overlapping = Q(subscribed_at__lt=window.until) & (
        Q(expires_at__isnull=True) | Q(expires_at__gte=window.since)
    )
    paid_in_window = Q(pk__in=sales.filter(fan__isnull=False).values("fan_id"))
    # A filtered count over the account's fans (read from the covering index), not a WHERE … OR …:
    # that made SQLite fetch every paying fan's row by id.
    fans = (
        Fan.objects.filter(account=account)
        .order_by()
        .aggregate(n=Count("pk", filter=overlapping | paid_in_window))["n"]
    )
    return FanRevenue(revenue_cents=paid["revenue"], fans=fans, paying_fans=paid["payers"], days=window.days)


def fan_lifetime_value(*, account: OnlyFansAccount) -> LifetimeValue:
    """Average lifetime spend of the fans who ever subscribed, and of those who paid anything."""
    ever = Fan.objects.filter(account=account).exclude(subscription_status=SubscriptionStatus.NEVER)
    totals = ever.order_by().aggregate(
        fans=Count("pk"),
        paying=Count("pk", filter=Q(spend_total_cents__gt=0)),
        total=Coalesce(Sum("spend_total_cents"), 0),
        average=Avg("spend_total_cents"),
        average_paying=Avg("spend_total_cents", filter=Q(spend_total_cents__gt=0)),
    )
    return LifetimeValue(
        fans=totals["fans"],
        paying_fans=totals["paying"],
        total_cents=totals["total"],
        average_cents=None if totals["average"] is None else round(totals["average"]),
        average_paying_cents=None if totals["average_paying"] is None else round(totals["average_paying"]),
    )


def top_spenders(*, account: OnlyFansAccount, window: Window, limit: int = 10) -> list[TopSpender]:
    """The fans who paid the most in the window (standing sales), largest first."""
    rows = list(
        sales_in(account, window)
        .filter(fan__isnull=False)
        .values_list("fan_id")
        .annotate(cents=Sum("gross_cents"))
        .order_by("-cents", "fan_id")[:limit]
    )
    fans = (
        Fan.objects.filter(account=account)
        .only("display_name", "username", "subscription_status", "spend_total_cents")
        .in_bulk([fan_id for fan_id, _ in rows])
    )
    return [TopSpender(fan=fans[fan_id], window_cents=cents) for fan_id, cents in rows]
