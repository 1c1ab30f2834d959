"""The account's figures against the target ranges of its niche preset (``presets`` KPIs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.numbers import WEEK_DAYS
from huntaze.analytics.selectors.audience import RenewOn, SubscriberFlow, renew_on_rate, subscriber_flow
from huntaze.analytics.selectors.earnings import FanRevenue, fan_revenue
from huntaze.analytics.selectors.messaging import MessageStats, ResponseTimes, message_stats, response_times
from huntaze.analytics.window import Window
from huntaze.presets.exceptions import PresetNotFoundError, PresetOverrideInvalidError
from huntaze.presets.schemas import KPI_UNITS, Preset
from huntaze.presets.selectors import preset_resolve

KpiStatus = Literal["no_data", "no_target", "below", "on_target", "above"]
KpiTone = Literal["good", "bad", "warn", "neutral"]

KPI_LABELS: dict[str, Promise] = {
    "renew_on_rate": _("Renew-on rate"),
    "arpu_cents": _("Revenue per fan (30 days)"),
    "arppu_cents": _("Revenue per paying fan (30 days)"),
    "ppv_open_rate": _("PPV open rate"),
    "ppv_purchase_rate": _("PPV purchase rate"),
    "response_time_minutes": _("Median response time"),
    "churn_rate_30d": _("Churn (30 days)"),
    "messages_per_fan_per_week": _("Messages per fan per week"),
}
# Which way is better when a figure leaves its range; neither for message volume, where too many
# messages drive fans away and too few leave money on the table.
LOWER_IS_BETTER = {"response_time_minutes", "churn_rate_30d"}
RANGE_IS_BEST = {"messages_per_fan_per_week"}


@dataclass(frozen=True, slots=True)
class KpiRow:
    key: str
    label: Promise
    unit: str
    value: float | None
    target_min: int | None
    target_max: int | None
    status: KpiStatus
    tone: KpiTone


@dataclass(frozen=True, slots=True)
class KpiReport:
    """``problem`` is ``no_preset`` or ``preset_invalid`` when there are no targets to compare with."""

    rows: list[KpiRow]
    preset_name: str = ""
    problem: str = ""


def kpi_measures(
    *,
    revenue: FanRevenue,
    flow: SubscriberFlow,
    renew: RenewOn,
    messages: MessageStats,
    responses: ResponseTimes,
) -> dict[str, float | None]:
    """Each KPI key's value, in the unit of ``presets.schemas.KPI_UNITS``."""
    median = responses.answered.median_seconds
    per_fan_week = (
        round(messages.sent * WEEK_DAYS / (revenue.fans * revenue.days), 1) if revenue.fans else None
    )
    return {
        "renew_on_rate": renew.rate,
        "arpu_cents": revenue.arpu_cents,
        "arppu_cents": revenue.arppu_cents,
        "ppv_open_rate": messages.ppv_open_rate,
        "ppv_purchase_rate": messages.ppv_purchase_rate,
        "response_time_minutes": None if median is None else round(median / 60, 1),
        "churn_rate_30d": flow.churn_rate_30d,
        "messages_per_fan_per_week": per_fan_week,
    }


def _judge(key: str, value: float | None, low: int | None, high: int | None) -> tuple[KpiStatus, KpiTone]:
    if value is None:
        return "no_data", "neutral"
    if low is None or high is None:
        return "no_target", "neutral"
    if low <= value <= high:
        return "on_target", "good"
    status: KpiStatus = "below" if value < low else "above"
    if key in RANGE_IS_BEST:
        return status, "warn"
    better = (status == "below") == (key in LOWER_IS_BETTER)
    return status, "good" if better else "bad"


def account_preset(account: OnlyFansAccount) -> tuple[Preset | None, str]:
    """The account's preset with its overrides, or ``None`` and why (``no_preset``, ``preset_invalid``)."""
    if not account.preset_slug:
        return None, "no_preset"
    try:
        return preset_resolve(slug=account.preset_slug, overrides=account.preset_overrides), ""
    except (PresetNotFoundError, PresetOverrideInvalidError):
        # Stored before a preset was renamed or its schema tightened: show figures, not a broken page.
        return None, "preset_invalid"


def kpi_status(
    *, account: OnlyFansAccount, window: Window, measures: dict[str, float | None] | None = None
) -> KpiReport:
    """Every KPI of ``KPI_UNITS`` over the window against the account's preset targets.

    ``measures`` (from ``kpi_measures``) saves recomputing figures a page already has.
    """
    if measures is None:
        measures = kpi_measures(
            revenue=fan_revenue(account=account, window=window),
            flow=subscriber_flow(account=account, window=window),
            renew=renew_on_rate(account=account),
            messages=message_stats(account=account, window=window),
            responses=response_times(account=account, window=window),
        )
    preset, problem = account_preset(account)
    targets = {kpi.key: kpi for kpi in preset.kpis} if preset else {}
    rows = []
    for key, unit in KPI_UNITS.items():
        target = targets.get(key)
        low, high = (target.target_min, target.target_max) if target else (None, None)
        status, tone = _judge(key, measures.get(key), low, high)
        rows.append(
            KpiRow(
                key=key,
                label=KPI_LABELS[key],
                unit=unit,
                value=measures.get(key),
                target_min=low,
                target_max=high,
                status=status,
                tone=tone,
            )
        )
    return KpiReport(rows=rows, preset_name=preset.name if preset else "", problem=problem)
