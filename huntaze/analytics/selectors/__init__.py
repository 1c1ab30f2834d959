"""Reads of the analytics domain: figures computed from the synced data, the page, recommendations.

Every function takes an account the caller already obtained through ``accounts.access`` (the page
uses ``web.selection.selected_account``), aggregates in the database, and returns plain values.
"""

from huntaze.analytics.selectors.activity import Heatmap, activity_heatmap
from huntaze.analytics.selectors.audience import RenewOn, SubscriberFlow, renew_on_rate, subscriber_flow
from huntaze.analytics.selectors.earnings import (
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
from huntaze.analytics.selectors.kpis import KpiReport, KpiRow, kpi_measures, kpi_status
from huntaze.analytics.selectors.messaging import (
    ChatterRow,
    Latency,
    MessageStats,
    ResponseTimes,
    chatter_performance,
    message_stats,
    response_times,
)
from huntaze.analytics.selectors.overview import AnalyticsPage, Overview, analytics_overview, analytics_page
from huntaze.analytics.selectors.recommendations import recommendation_list, recommendation_top

__all__ = [
    "AnalyticsPage",
    "ChatterRow",
    "EarningsBucket",
    "EarningsSummary",
    "FanRevenue",
    "Heatmap",
    "KpiReport",
    "KpiRow",
    "Latency",
    "LifetimeValue",
    "MessageStats",
    "Overview",
    "RenewOn",
    "ResponseTimes",
    "SubscriberFlow",
    "TopSpender",
    "activity_heatmap",
    "analytics_overview",
    "analytics_page",
    "chatter_performance",
    "earnings_by_period",
    "earnings_summary",
    "fan_lifetime_value",
    "fan_revenue",
    "kpi_measures",
    "kpi_status",
    "message_stats",
    "recommendation_list",
    "recommendation_top",
    "renew_on_rate",
    "response_times",
    "subscriber_flow",
    "top_spenders",
]
