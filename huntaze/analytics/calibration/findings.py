"""What a calibration rule returns: a recommendation with the evidence behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from django.db.models import Max

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.choices import CalibrationRule, Confidence, RecommendationAction
from huntaze.analytics.window import Window
from huntaze.earnings.models import EarningsEntry
from huntaze.inbox.models import Message

Unit = Literal["count", "percent", "cents", "hour", "days", "ratio", "text", "date"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One number behind a recommendation; ``key`` names it (see ``texts.EVIDENCE_LABELS``)."""

    key: str
    value: Any
    unit: Unit = "count"

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "unit": self.unit}


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule's verdict. ``params`` fill its sentence (``texts.HEADLINES``); ``priority`` orders
    what the hub shows first (0 = informative only)."""

    rule: CalibrationRule
    action: RecommendationAction
    confidence: Confidence
    priority: int
    window: Window
    params: dict[str, Any] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()
    fan_id: int | None = None


def not_enough_data(rule: CalibrationRule, window: Window, *, metric: str, have: int, need: int) -> Finding:
    """The honest answer when the data cannot support a recommendation: which threshold is unmet."""
    return Finding(
        rule=rule,
        action=RecommendationAction.NOT_ENOUGH_DATA,
        confidence=Confidence.LOW,
        priority=0,
        window=window,
        params={"metric": metric, "have": have, "need": need, "days": round(window.days)},
        evidence=(Evidence(metric, have), Evidence("threshold", need)),
    )


def confidence_for(*, sample: int, need: int, strength: float, strong: float) -> Confidence:
    """High with 4x the minimum sample and a strong signal, medium with 2x or a strong signal."""
    if sample >= 4 * need and strength >= strong:
        return Confidence.HIGH
    if sample >= 2 * need or strength >= strong:
        return Confidence.MEDIUM
    return Confidence.LOW


def data_end(account: OnlyFansAccount, *, now: datetime) -> datetime | None:
    """When the account's synced history ends: its newest message or sale, never later than ``now``.

    Rules look back from here, so an account whose activity paused is judged on its last active
    weeks (the evidence says which) instead of on an empty window.
    """
    newest = [
        Message.objects.filter(account=account).aggregate(at=Max("sent_at"))["at"],
        EarningsEntry.objects.filter(account=account).aggregate(at=Max("occurred_at"))["at"],
    ]
    known = [moment for moment in newest if moment is not None]
    if not known:
        return None
    # ``until`` is exclusive: one microsecond past the newest row keeps that row inside.
    return min(now, max(known) + timedelta(microseconds=1))
