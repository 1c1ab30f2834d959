"""Rule 2 — volume up or down: the last two weeks of messaging against the two weeks before.

Send less when fans show fatigue (PPVs opened or bought clearly less often) or unsubscribes rose,
unless the volume already came down; send more when conversion held and unsubscribes did not rise;
hold otherwise.
"""

from __future__ import annotations

import math
from datetime import datetime

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.calibration.findings import Evidence, Finding, confidence_for, not_enough_data
from huntaze.analytics.choices import CalibrationRule, RecommendationAction
from huntaze.analytics.selectors.audience import subscriber_flow
from huntaze.analytics.selectors.messaging import MessageStats, message_stats
from huntaze.analytics.window import window_ending

RULE = CalibrationRule.VOLUME
WINDOW_DAYS = 14
MIN_PPV = 30  # per window: fewer PPVs make a purchase rate too noisy to compare
FATIGUE_DROP = 0.20  # relative fall of the open or purchase rate that reads as fatigue
SIGNIFICANT_Z = 2.0  # two-proportion z-test on the purchase rate
STABLE_DROP = 0.05  # rates within 5 % of before count as held
UNSUB_RISE = 1.25  # 25 % more expired subscriptions …
UNSUB_MIN_EXTRA = 5  # … and at least this many more, so 2 → 3 is no alarm
VOLUME_ALREADY_DOWN = -0.10


def purchase_z(recent: MessageStats, previous: MessageStats) -> float:
    """Two-proportion z statistic of the PPV purchase rate, recent minus previous (0 if undefined)."""
    n1, n2 = recent.ppv_sent, previous.ppv_sent
    pooled = (recent.ppv_purchased + previous.ppv_purchased) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if not spread:
        return 0.0
    return (recent.ppv_purchased / n1 - previous.ppv_purchased / n2) / spread


def _relative(new: float, old: float) -> float:
    return (new - old) / old if old else 0.0


def volume(*, account: OnlyFansAccount, until: datetime) -> list[Finding]:
    recent_window = window_ending(days=WINDOW_DAYS, until=until)
    previous_window = recent_window.previous()
    recent = message_stats(account=account, window=recent_window)
    previous = message_stats(account=account, window=previous_window)
    fewest = min(recent.ppv_sent, previous.ppv_sent)
    if fewest < MIN_PPV:
        return [not_enough_data(RULE, recent_window, metric="ppv_per_window", have=fewest, need=MIN_PPV)]
    unsubs = subscriber_flow(account=account, window=recent_window).expired
    unsubs_before = subscriber_flow(account=account, window=previous_window).expired
    purchase_change = _relative(recent.ppv_purchase_rate or 0, previous.ppv_purchase_rate or 0)
    open_change = _relative(recent.ppv_open_rate or 0, previous.ppv_open_rate or 0)
    volume_change = _relative(recent.ppv_sent, previous.ppv_sent)
    z = purchase_z(recent, previous)
    fatigue = (purchase_change <= -FATIGUE_DROP and z <= -1) or z <= -SIGNIFICANT_Z
    fatigue = fatigue or open_change <= -FATIGUE_DROP
    churn_up = unsubs > unsubs_before * UNSUB_RISE and unsubs - unsubs_before >= UNSUB_MIN_EXTRA
    held = purchase_change >= -STABLE_DROP and open_change >= -STABLE_DROP
    if (fatigue or churn_up) and volume_change > VOLUME_ALREADY_DOWN:
        action, priority = RecommendationAction.SEND_LESS, 70
    elif held and not churn_up:
        action, priority = RecommendationAction.SEND_MORE, 55
    else:
        action, priority = RecommendationAction.HOLD, 20
    confidence = confidence_for(sample=fewest, need=MIN_PPV * 2, strength=abs(z), strong=SIGNIFICANT_Z)
    return [
        Finding(
            rule=RULE,
            action=action,
            confidence=confidence,
            priority=priority,
            window=recent_window,
            params={
                "purchase_rate": recent.ppv_purchase_rate,
                "purchase_rate_before": previous.ppv_purchase_rate,
                "unsubscribes": unsubs,
                "unsubscribes_before": unsubs_before,
                "fatigue": fatigue,
                "churn_up": churn_up,
            },
            evidence=(
                Evidence("ppv_sent", recent.ppv_sent),
                Evidence("ppv_sent_before", previous.ppv_sent),
                Evidence("messages_sent", recent.sent),
                Evidence("messages_sent_before", previous.sent),
                Evidence("open_rate", recent.ppv_open_rate, "percent"),
                Evidence("open_rate_before", previous.ppv_open_rate, "percent"),
                Evidence("purchase_rate", recent.ppv_purchase_rate, "percent"),
                Evidence("purchase_rate_before", previous.ppv_purchase_rate, "percent"),
                Evidence("purchase_z", round(z, 2), "ratio"),
                Evidence("unsubscribes", unsubs),
                Evidence("unsubscribes_before", unsubs_before),
                Evidence("window_days", WINDOW_DAYS, "days"),
            ),
        )
    ]
