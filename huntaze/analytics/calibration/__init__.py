"""Auto-calibration: four rules that turn an account's synced data into recommendations with evidence.

Each rule is a function ``(account, until) -> list[Finding]``; ``until`` is where the account's
history ends (``findings.data_end``). Thresholds and reasoning: ``docs/auto-calibration.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.calibration.early_vip import early_vip
from huntaze.analytics.calibration.findings import Evidence, Finding, data_end, not_enough_data
from huntaze.analytics.calibration.heatmap_hours import heatmap_hours
from huntaze.analytics.calibration.social_risk import social_risk
from huntaze.analytics.calibration.volume import volume
from huntaze.analytics.choices import CalibrationRule
from huntaze.analytics.window import window_ending

Rule = Callable[..., list[Finding]]
RULES: dict[CalibrationRule, Rule] = {
    CalibrationRule.HEATMAP_HOURS: heatmap_hours,
    CalibrationRule.VOLUME: volume,
    CalibrationRule.EARLY_VIP: early_vip,
    CalibrationRule.SOCIAL_RISK: social_risk,
}
NO_HISTORY_DAYS = 28


def calibration_compute(*, account: OnlyFansAccount, now: datetime) -> list[Finding]:
    """Every rule's findings for the account (reads only). An account with no message or sale at
    all gets one "not enough data yet" per rule."""
    until = data_end(account, now=now)
    if until is None:
        window = window_ending(days=NO_HISTORY_DAYS, until=now)
        return [not_enough_data(rule, window, metric="history", have=0, need=1) for rule in RULES]
    return [finding for rule in RULES.values() for finding in rule(account=account, until=until)]


__all__ = ["RULES", "Evidence", "Finding", "calibration_compute"]
