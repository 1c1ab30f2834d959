"""Subscriber figures from the fans table: new vs expired subscribers, churn, renew-on rate.

The table holds each fan's current subscription (``subscribed_at`` .. ``expires_at``), as the
subscriber list reports it; a fan who renews keeps ``subscribed_at`` and moves ``expires_at``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.numbers import MONTH_DAYS, percent
from huntaze.analytics.window import Window
from huntaze.fans.choices import SubscriptionStatus
from huntaze.fans.models import Fan


@dataclass(frozen=True, slots=True)
class SubscriberFlow:
    """Who came and who left in a window; churn is expired / subscribed at the window's start."""

    new: int
    expired: int
    active_at_start: int
    days: float

    @property
    def net(self) -> int:
        return self.new - self.expired

    @property
    def churn_rate(self) -> float | None:
        return percent(self.expired, self.active_at_start)

    @property
    def churn_rate_30d(self) -> float | None:
        """Churn scaled to 30 days, the presets' unit (linear: a 7-day rate x 30/7)."""
        rate = self.churn_rate
        return None if rate is None else round(rate * MONTH_DAYS / self.days, 1)


@dataclass(frozen=True, slots=True)
class RenewOn:
    """Auto-renew among active subscribers now; fans OnlyFans reports no flag for stay out of the rate."""

    active: int
    renew_on: int
    renew_off: int

    @property
    def unknown(self) -> int:
        return self.active - self.renew_on - self.renew_off

    @property
    def rate(self) -> float | None:
        return percent(self.renew_on, self.renew_on + self.renew_off)


def subscriber_flow(*, account: OnlyFansAccount, window: Window) -> SubscriberFlow:
    """New subscribers (subscribed in the window), expired ones (ran out in it, not renewed) and
    those subscribed when it began."""
    since, until = window.since, window.until
    counts = (
        Fan.objects.filter(account=account)
        .exclude(subscription_status=SubscriptionStatus.NEVER)
        .order_by()
        .aggregate(
            new=Count("pk", filter=Q(subscribed_at__gte=since, subscribed_at__lt=until)),
            expired=Count(
                "pk",
                filter=Q(
                    subscription_status=SubscriptionStatus.EXPIRED,
                    expires_at__gte=since,
                    expires_at__lt=until,
                ),
            ),
            active_at_start=Count(
                "pk",
                filter=Q(subscribed_at__lt=since) & (Q(expires_at__isnull=True) | Q(expires_at__gte=since)),
            ),
        )
    )
    return SubscriberFlow(**counts, days=window.days)


def renew_on_rate(*, account: OnlyFansAccount) -> RenewOn:
    """Share of active subscribers with auto-renew on (``Fan.renew_on``), as of the last sync."""
    counts = (
        Fan.objects.filter(account=account, subscription_status=SubscriptionStatus.ACTIVE)
        .order_by()
        .aggregate(
            active=Count("pk"),
            on=Count("pk", filter=Q(renew_on=True)),
            off=Count("pk", filter=Q(renew_on=False)),
        )
    )
    return RenewOn(active=counts["active"], renew_on=counts["on"], renew_off=counts["off"])
