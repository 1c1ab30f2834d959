"""KPIs against the chosen preset's target ranges (the GFE preset: see presets/data/gfe.json)."""

from __future__ import annotations

from huntaze.analytics.selectors import (
    FanRevenue,
    Latency,
    MessageStats,
    RenewOn,
    ResponseTimes,
    SubscriberFlow,
    kpi_measures,
    kpi_status,
)
from huntaze.analytics.tests.conftest import utc
from huntaze.analytics.window import Window
from huntaze.core.tests.factories import make_account

WINDOW = Window(since=utc(2026, 5, 1), until=utc(2026, 5, 31))
MEASURES = {
    "renew_on_rate": 80.0,  # GFE target 40-60: above, and more is better
    "arpu_cents": 2000,  # 2500-5000: below
    "arppu_cents": 7000,  # 6000-12000: on target
    "ppv_open_rate": None,  # nothing sent
    "ppv_purchase_rate": 25.0,  # 10-20: above, good
    "response_time_minutes": 30.0,  # 2-15: above, and slower is worse
    "churn_rate_30d": 20.0,  # 25-45: below, and less churn is better
    "messages_per_fan_per_week": 15.0,  # 5-12: above, too many is a warning, not a win
}


def _by_key(report):
    return {row.key: (row.status, row.tone) for row in report.rows}


def test_kpis_are_judged_against_the_presets_targets(team):
    account = make_account(team, preset_slug="gfe")
    report = kpi_status(account=account, window=WINDOW, measures=MEASURES)
    assert report.problem == ""
    assert report.preset_name
    assert _by_key(report) == {
        "renew_on_rate": ("above", "good"),
        "arpu_cents": ("below", "bad"),
        "arppu_cents": ("on_target", "good"),
        "ppv_open_rate": ("no_data", "neutral"),
        "ppv_purchase_rate": ("above", "good"),
        "response_time_minutes": ("above", "bad"),
        "churn_rate_30d": ("below", "good"),
        "messages_per_fan_per_week": ("above", "warn"),
    }
    arppu = next(row for row in report.rows if row.key == "arppu_cents")
    assert (arppu.value, arppu.target_min, arppu.target_max, arppu.unit) == (7000, 6000, 12000, "cents")


def test_overrides_move_the_targets(team):
    account = make_account(team, preset_slug="gfe")
    account.preset_overrides = {
        "kpis": [
            {
                "key": "renew_on_rate",
                "label": "Renew-on",
                "target_min": 70,
                "target_max": 90,
                "unit": "percent",
            }
        ]
    }
    report = kpi_status(account=account, window=WINDOW, measures=MEASURES)
    assert _by_key(report)["renew_on_rate"] == ("on_target", "good")
    assert _by_key(report)["arpu_cents"] == ("no_target", "neutral")


def test_without_a_preset_figures_show_without_targets(account):
    report = kpi_status(account=account, window=WINDOW, measures=MEASURES)
    assert report.problem == "no_preset"
    assert {status for status, _tone in _by_key(report).values()} == {"no_target", "no_data"}


def test_a_preset_that_no_longer_resolves_is_reported_not_raised(team):
    account = make_account(team, preset_slug="retired_niche")
    assert kpi_status(account=account, window=WINDOW, measures=MEASURES).problem == "preset_invalid"


def test_measures_come_from_the_figures_in_the_kpis_units():
    measures = kpi_measures(
        revenue=FanRevenue(revenue_cents=9000, fans=3, paying_fans=2, days=30),
        flow=SubscriberFlow(new=5, expired=4, active_at_start=10, days=30),
        renew=RenewOn(active=10, renew_on=6, renew_off=2),
        messages=MessageStats(
            sent=42, received=50, ppv_sent=10, ppv_opened=6, ppv_purchased=2, ppv_revenue_cents=3000
        ),
        responses=ResponseTimes(turns=3, answered=Latency(replies=2, median_seconds=600, p90_seconds=900)),
    )
    assert measures == {
        "renew_on_rate": 75.0,
        "arpu_cents": 3000,
        "arppu_cents": 4500,
        "ppv_open_rate": 60.0,
        "ppv_purchase_rate": 20.0,
        "response_time_minutes": 10.0,
        "churn_rate_30d": 40.0,
        "messages_per_fan_per_week": 3.3,  # 42 messages x 7 / (3 fans x 30 days)
    }


def test_kpi_status_computes_its_measures_when_not_given(account):
    report = kpi_status(account=account, window=WINDOW)
    assert {row.status for row in report.rows} == {"no_data"}
