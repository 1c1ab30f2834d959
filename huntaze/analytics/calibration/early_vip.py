"""Rule 3 — early VIP: a new subscriber who spent, in their first days, what puts a fan among the
account's top spenders for life. Flag them for personal attention while they are still new."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.db.models import DateTimeField, ExpressionWrapper, F, Sum

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.calibration.findings import Evidence, Finding, not_enough_data
from huntaze.analytics.choices import CalibrationRule, Confidence, RecommendationAction
from huntaze.analytics.window import account_tz, window_ending
from huntaze.earnings.models import EarningsEntry
from huntaze.fans.models import Fan
from huntaze.fans.services import SPEND_STATUSES

RULE = CalibrationRule.EARLY_VIP
WINDOW_DAYS = 30  # who counts as a new subscriber
FIRST_DAYS = 7
TOP_PERCENT = 10  # "top spenders": the top 10 % of paying fans by lifetime spend
MIN_PAYING_FANS = 50  # below this a top 10 % is a handful of fans, not a threshold
MAX_FLAGS = 10


def top_spender_threshold(*, account: OnlyFansAccount) -> tuple[int, int]:
    """``(paying fans, lifetime spend of the last fan inside the top TOP_PERCENT %)``."""
    paying = Fan.objects.filter(account=account, spend_total_cents__gt=0)
    count = paying.order_by().count()
    if not count:
        return 0, 0
    rank = max(1, math.ceil(count * TOP_PERCENT / 100))
    cutoff = paying.order_by("-spend_total_cents").values_list("spend_total_cents", flat=True)[rank - 1]
    return count, cutoff


def early_vip(*, account: OnlyFansAccount, until: datetime) -> list[Finding]:
    window = window_ending(days=WINDOW_DAYS, until=until)
    paying, threshold = top_spender_threshold(account=account)
    if paying < MIN_PAYING_FANS:
        return [not_enough_data(RULE, window, metric="paying_fans", have=paying, need=MIN_PAYING_FANS)]
    new_fans = Fan.objects.filter(
        account=account, subscribed_at__gte=window.since, subscribed_at__lt=window.until
    )
    new_count = new_fans.order_by().count()
    if not new_count:
        return [not_enough_data(RULE, window, metric="new_subscribers", have=0, need=1)]
    first_days_end = ExpressionWrapper(
        F("fan__subscribed_at") + timedelta(days=FIRST_DAYS), output_field=DateTimeField()
    )
    spenders = list(
        EarningsEntry.objects.filter(
            account=account,
            status__in=SPEND_STATUSES,
            fan__in=new_fans,
            occurred_at__gte=F("fan__subscribed_at"),
            occurred_at__lt=first_days_end,
        )
        .order_by()
        .values_list("fan_id")
        .annotate(first_days=Sum("gross_cents"))
        .filter(first_days__gte=threshold)
        .order_by("-first_days", "fan_id")[:MAX_FLAGS]
    )
    evidence = (
        Evidence("new_subscribers", new_count),
        Evidence("paying_fans", paying),
        Evidence("top_threshold", threshold, "cents"),
        Evidence("first_days", FIRST_DAYS, "days"),
    )
    if not spenders:
        return [
            Finding(
                rule=RULE,
                action=RecommendationAction.NO_EARLY_VIP,
                confidence=Confidence.MEDIUM,
                priority=5,
                window=window,
                params={"new_subscribers": new_count, "top_percent": TOP_PERCENT, "days": FIRST_DAYS},
                evidence=evidence,
            )
        ]
    fans = Fan.objects.filter(account=account).in_bulk([fan_id for fan_id, _ in spenders])
    tz = account_tz(account)
    return [
        Finding(
            rule=RULE,
            action=RecommendationAction.EARLY_VIP,
            confidence=Confidence.HIGH if spent >= 2 * threshold else Confidence.MEDIUM,
            priority=80,
            window=window,
            params={"fan": str(fans[fan_id]), "top_percent": TOP_PERCENT, "days": FIRST_DAYS},
            evidence=(
                Evidence("first_days_spend", spent, "cents"),
                Evidence("lifetime_spend", fans[fan_id].spend_total_cents, "cents"),
                Evidence(
                    "subscribed_on", fans[fan_id].subscribed_at.astimezone(tz).date().isoformat(), "date"
                ),
                *evidence,
            ),
            fan_id=fan_id,
        )
        for fan_id, spent in spenders
    ]
