"""Reads of attribution: the per-chatter performance report, its CSV, the sales list, and a fan's
PPV price guidance for the composer.

Owners and managers see every member's row and every sale of an account; a chatter sees only
their own row and the sales credited to them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.access import FULL_ACCESS_ROLES, get_for_user, role_in_team
from huntaze.accounts.choices import Role
from huntaze.accounts.models import Membership, OnlyFansAccount
from huntaze.accounts.selectors import account_get
from huntaze.analytics.numbers import percent, quantile
from huntaze.analytics.selectors import chatter_performance
from huntaze.analytics.window import Window, account_tz
from huntaze.attribution.models import SaleAttribution
from huntaze.attribution.period import ReportPeriod
from huntaze.core.money import cents_to_dollars
from huntaze.fans.models import Fan
from huntaze.fans.services import SPEND_STATUSES
from huntaze.inbox.choices import Direction
from huntaze.inbox.models import Message
from huntaze.inbox.suggestions.context import DEFAULT_PRESET
from huntaze.presets.selectors import preset_resolve
from huntaze.shifts.selectors import on_shift_seconds

REASSIGN_ROLES = (Role.OWNER,)
SALES_SHOWN = 100
# A PPV still locked this long after it was sent counts as declined.
DECLINED_AFTER_DAYS = 3
TIER_LABELS = {
    "teaser": _("teaser"),
    "standard": _("standard"),
    "premium": _("premium"),
    "custom": _("custom"),
}
BAND_LABELS = {
    "new": _("new"),
    "regular": _("regular"),
    "big_spender": _("big spender"),
    "whale": _("top spender"),
}
CSV_HEADER = (
    "chatter",
    "messages_sent",
    "median_response_seconds",
    "ppv_sent",
    "ppv_bought",
    "ppv_conversion_percent",
    "sales",
    "revenue",
    "on_shift_hours",
    "revenue_per_on_shift_hour",
)


@dataclass(frozen=True, slots=True)
class PerformanceRow:
    """One team member over the window. Messages and PPVs are what they approved and sent
    through Huntaze; revenue is the gross of the standing sales credited to them."""

    user_id: int
    username: str
    messages_sent: int
    median_response_seconds: float | None
    ppv_sent: int
    ppv_bought: int
    sales: int
    revenue_cents: int
    on_shift_seconds: float

    @property
    def ppv_conversion(self) -> float | None:
        return percent(self.ppv_bought, self.ppv_sent)

    @property
    def on_shift_hours(self) -> float:
        return round(self.on_shift_seconds / 3600, 1)

    @property
    def revenue_per_hour_cents(self) -> int | None:
        return round(self.revenue_cents * 3600 / self.on_shift_seconds) if self.on_shift_seconds else None


@dataclass(frozen=True, slots=True)
class PerformanceReport:
    account: OnlyFansAccount
    window: Window
    timezone: ZoneInfo
    rows: list[PerformanceRow]
    unattributed_sales: int
    unattributed_cents: int
    sees_team: bool  # owners and managers: every member's row and the unattributed total
    can_reassign: bool


def _viewer_role(user: AbstractBaseUser, account: OnlyFansAccount) -> str | None:
    return role_in_team(user, account.team_id)


def performance_report(
    *, user: AbstractBaseUser, account_id: int, period: ReportPeriod, now: datetime | None = None
) -> PerformanceReport:
    """Per team member of the account: messages sent, median reply time, PPVs sent and bought,
    sales and revenue credited, on-shift hours and revenue per on-shift hour, best revenue first.

    Rows cover the account's chatters and anyone who sent or was credited with something in the
    window; a chatter gets only their own row. ``NotFoundError`` for an account the user cannot see.
    """
    account = account_get(user=user, account_id=account_id)
    window = period.window(tz=account_tz(account), now=now)
    role = _viewer_role(user, account)
    sees_team = role in FULL_ACCESS_ROLES
    sent = {row.user_id: row for row in chatter_performance(account=account, window=window)}
    credited: dict[int | None, tuple[int, int]] = {
        chatter_id: (sales, revenue)
        for chatter_id, sales, revenue in _credited(account=account, window=window)
        .values("chatter_id")
        .annotate(sales=Count("pk"), revenue=Sum("entry__gross_cents"))
        .values_list("chatter_id", "sales", "revenue")
    }
    user_ids = set(sent) | {chatter_id for chatter_id in credited if chatter_id is not None}
    user_ids |= set(
        Membership.objects.filter(team_id=account.team_id, role=Role.CHATTER, accounts=account).values_list(
            "user_id", flat=True
        )
    )
    if not sees_team:
        user_ids &= {user.pk}
    names = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
    rows = []
    for user_id in user_ids:
        activity, (sales, revenue) = sent.get(user_id), credited.get(user_id, (0, 0))
        rows.append(
            PerformanceRow(
                user_id=user_id,
                username=names.get(user_id, ""),
                messages_sent=activity.messages_sent if activity else 0,
                median_response_seconds=activity.response.median_seconds
                if activity and activity.response
                else None,
                ppv_sent=activity.ppv_sent if activity else 0,
                ppv_bought=activity.ppv_bought if activity else 0,
                sales=sales,
                revenue_cents=revenue or 0,
                on_shift_seconds=on_shift_seconds(
                    account_id=account.pk, user_id=user_id, start=window.since, end=window.until
                ),
            )
        )
    rows.sort(key=lambda row: (-row.revenue_cents, row.username, row.user_id))
    unattributed_sales, unattributed_cents = credited.get(None, (0, 0)) if sees_team else (0, 0)
    return PerformanceReport(
        account=account,
        window=window,
        timezone=account_tz(account),
        rows=rows,
        unattributed_sales=unattributed_sales,
        unattributed_cents=unattributed_cents or 0,
        sees_team=sees_team,
        can_reassign=role in REASSIGN_ROLES,
    )


def _credited(*, account: OnlyFansAccount, window: Window) -> QuerySet[SaleAttribution]:
    """Credits of the window's standing sales (a sale charged back earns nobody anything)."""
    return SaleAttribution.objects.filter(
        account_id=account.pk,
        entry__occurred_at__gte=window.since,
        entry__occurred_at__lt=window.until,
        entry__status__in=SPEND_STATUSES,
    ).order_by()


def performance_csv_rows(
    *, user: AbstractBaseUser, account_id: int, period: ReportPeriod, now: datetime | None = None
) -> Iterator[list[object]]:
    """The report as CSV rows (header first; money in dollars), as the page shows it to ``user``.
    Raised at once: ``NotFoundError`` for an account the user cannot see."""
    report = performance_report(user=user, account_id=account_id, period=period, now=now)
    return _csv_rows(report)


def _csv_rows(report: PerformanceReport) -> Iterator[list[object]]:
    yield list(CSV_HEADER)
    for row in report.rows:
        per_hour = row.revenue_per_hour_cents
        yield [
            row.username,
            row.messages_sent,
            None if row.median_response_seconds is None else round(row.median_response_seconds),
            row.ppv_sent,
            row.ppv_bought,
            row.ppv_conversion,
            row.sales,
            cents_to_dollars(row.revenue_cents),
            row.on_shift_hours,
            None if per_hour is None else cents_to_dollars(per_hour),
        ]


def attribution_list(
    *,
    user: AbstractBaseUser,
    account_id: int,
    period: ReportPeriod,
    now: datetime | None = None,
    limit: int = SALES_SHOWN,
) -> list[SaleAttribution]:
    """The period's credited sales (PPV purchases and tips), newest first, at most ``limit``;
    a chatter's own only. ``NotFoundError`` for an account the user cannot see."""
    account = account_get(user=user, account_id=account_id)
    window = period.window(tz=account_tz(account), now=now)
    sales = (
        SaleAttribution.objects.filter(
            account_id=account.pk,
            entry__occurred_at__gte=window.since,
            entry__occurred_at__lt=window.until,
        )
        .select_related("entry", "entry__fan", "chatter", "reassigned_by")
        .order_by("-entry__occurred_at", "-pk")
    )
    if _viewer_role(user, account) not in FULL_ACCESS_ROLES:
        sales = sales.filter(chatter=user)
    return list(sales[:limit])


def attribution_members(*, account: OnlyFansAccount) -> QuerySet[Membership]:
    """The memberships whose user a sale of the account can be credited to: active owners and
    managers of its team, and the chatters assigned to it (whether on shift now or not)."""
    return Membership.objects.filter(team_id=account.team_id, user__is_active=True).filter(
        Q(role__in=FULL_ACCESS_ROLES) | Q(role=Role.CHATTER, accounts=account)
    )


def attribution_candidates(*, account: OnlyFansAccount) -> list[tuple[int, str]]:
    """``(user id, username)`` of ``attribution_members``, by username."""
    members = attribution_members(account=account)
    return list(members.order_by("user__username").values_list("user_id", "user__username").distinct())


# --- PPV price guidance ---


@dataclass(frozen=True, slots=True)
class PriceRange:
    """Prices in cents: lowest, median (nearest rank: a price that occurred) and highest."""

    count: int
    min_cents: int
    median_cents: int
    max_cents: int

    @classmethod
    def of(cls, prices: list[int]) -> PriceRange | None:
        prices = sorted(prices)
        if not prices:
            return None
        return cls(len(prices), prices[0], int(quantile(prices, 0.5)), prices[-1])


@dataclass(frozen=True, slots=True)
class PriceGuidance:
    """What a fan paid for PPVs, what they left locked, and the preset's band for their spend."""

    fan_id: int
    paid: PriceRange | None
    declined: PriceRange | None
    declined_after_days: int
    band_name: str
    tier: str
    tier_min_cents: int
    tier_max_cents: int

    @property
    def band_label(self) -> str:
        return str(BAND_LABELS.get(self.band_name, self.band_name))

    @property
    def tier_label(self) -> str:
        return str(TIER_LABELS.get(self.tier, self.tier))


def fan_ppv_price_guidance(
    *, user: AbstractBaseUser, fan_id: int, now: datetime | None = None
) -> PriceGuidance:
    """The prices of the PPVs this fan bought and of those still locked ``DECLINED_AFTER_DAYS``
    after they were sent (unsent ones left out), beside the preset's PPV tier for the fan's spend
    band. ``NotFoundError`` for a fan the user cannot see."""
    fan = get_for_user(Fan.objects.select_related("account"), user=user, pk=fan_id)
    ppvs = Message.objects.filter(
        account_id=fan.account_id, fan_id=fan.pk, direction=Direction.OUTGOING, price_cents__gt=0
    )
    paid = list(ppvs.filter(is_purchased=True).values_list("price_cents", flat=True))
    cutoff = (now or timezone.now()) - timedelta(days=DECLINED_AFTER_DAYS)
    declined = list(
        ppvs.filter(is_purchased=False, is_deleted=False, sent_at__lte=cutoff).values_list(
            "price_cents", flat=True
        )
    )
    account = fan.account
    preset = preset_resolve(
        slug=account.preset_slug or DEFAULT_PRESET, overrides=account.preset_overrides or {}
    )
    band = preset.pricing.spend_band_for(total_cents=fan.spend_total_cents)
    tier = getattr(preset.pricing.ppv_tiers, band.offer_tier)
    return PriceGuidance(
        fan_id=fan.pk,
        paid=PriceRange.of(paid),
        declined=PriceRange.of(declined),
        declined_after_days=DECLINED_AFTER_DAYS,
        band_name=band.band,
        tier=band.offer_tier,
        tier_min_cents=tier.min_cents,
        tier_max_cents=tier.max_cents,
    )
