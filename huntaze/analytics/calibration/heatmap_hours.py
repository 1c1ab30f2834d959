"""Rule 1 — best hours: when fans write (post then) and when they spend (send DMs and PPV then)."""

from __future__ import annotations

from datetime import datetime

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.calibration.findings import Evidence, Finding, confidence_for, not_enough_data
from huntaze.analytics.choices import CalibrationRule, RecommendationAction
from huntaze.analytics.selectors.activity import HOURS, activity_heatmap
from huntaze.analytics.window import Window, account_tz, window_ending

RULE = CalibrationRule.HEATMAP_HOURS
WINDOW_DAYS = 28  # four whole weeks: every weekday counts the same
BLOCK_HOURS = 3
MIN_FAN_MESSAGES = 200
MIN_SALES = 50
# The best block must hold this many times its even share (3 h of 24 = 12.5 %) to be a peak.
MIN_LIFT = 1.15
STRONG_LIFT = 1.5
UNIFORM_SHARE = BLOCK_HOURS / HOURS


def best_block(per_hour: list[int]) -> tuple[int, int]:
    """The start hour of the ``BLOCK_HOURS`` consecutive hours (wrapping past midnight) with the
    largest total, and that total. Ties go to the earliest start."""
    totals = [sum(per_hour[(start + i) % HOURS] for i in range(BLOCK_HOURS)) for start in range(HOURS)]
    best = max(range(HOURS), key=lambda start: (totals[start], -start))
    return best, totals[best]


def _finding(
    *, action: RecommendationAction, target: str, per_hour: list[int], sample: int, need: int, window: Window
) -> Finding:
    total = sum(per_hour)
    start, block_total = best_block(per_hour)
    share = block_total / total
    lift = share / UNIFORM_SHARE
    evidence = (
        Evidence("sample", sample),
        Evidence("block_share", round(100 * share, 1), "percent"),
        Evidence("even_share", round(100 * UNIFORM_SHARE, 1), "percent"),
        Evidence("lift", round(lift, 2), "ratio"),
        Evidence("window_days", round(window.days), "days"),
    )
    confidence = confidence_for(sample=sample, need=need, strength=lift, strong=STRONG_LIFT)
    if lift < MIN_LIFT:
        return Finding(
            rule=RULE,
            action=RecommendationAction.HOURS_FLAT,
            confidence=confidence,
            priority=5,
            window=window,
            params={"target": target},
            evidence=evidence,
        )
    return Finding(
        rule=RULE,
        action=action,
        confidence=confidence,
        priority=60 if action == RecommendationAction.DM_HOURS else 50,
        window=window,
        params={
            "start_hour": start,
            "end_hour": (start + BLOCK_HOURS) % HOURS,
            "share": round(100 * share),
        },
        evidence=evidence,
    )


def heatmap_hours(*, account: OnlyFansAccount, until: datetime) -> list[Finding]:
    """Best posting block from fan messages, best DM/PPV block from spend, in the account's time zone."""
    window = window_ending(days=WINDOW_DAYS, until=until)
    heatmap = activity_heatmap(account=account, window=window, tz=account_tz(account))
    findings = []
    if heatmap.total_messages < MIN_FAN_MESSAGES:
        findings.append(
            not_enough_data(
                RULE, window, metric="fan_messages", have=heatmap.total_messages, need=MIN_FAN_MESSAGES
            )
        )
    else:
        findings.append(
            _finding(
                action=RecommendationAction.POST_HOURS,
                target="posts",
                per_hour=heatmap.by_hour(spend=False),
                sample=heatmap.total_messages,
                need=MIN_FAN_MESSAGES,
                window=window,
            )
        )
    if heatmap.total_sales < MIN_SALES:
        findings.append(
            not_enough_data(RULE, window, metric="sales", have=heatmap.total_sales, need=MIN_SALES)
        )
    else:
        findings.append(
            _finding(
                action=RecommendationAction.DM_HOURS,
                target="messages",
                per_hour=heatmap.by_hour(spend=True),
                sample=heatmap.total_sales,
                need=MIN_SALES,
                window=window,
            )
        )
    return findings
