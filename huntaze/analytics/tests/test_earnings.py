"""Money figures on a hand-built ledger with known answers (Europe/Paris, across the October DST change)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from huntaze.analytics.selectors import (
    earnings_by_period,
    earnings_summary,
    fan_lifetime_value,
    fan_revenue,
    top_spenders,
)
from huntaze.analytics.tests.conftest import utc
from huntaze.analytics.window import Window, window_last
from huntaze.core.tests.factories import make_account, make_earning, make_fan, make_team

PARIS = ZoneInfo("Europe/Paris")
# 24, 25 and 26 October 2026 in Paris; the 25th has 25 hours (clocks go back at 01:00 UTC).
WINDOW = Window(since=utc(2026, 10, 23, 22), until=utc(2026, 10, 26, 23))


def _ledger(account):
    sale = make_earning
    sale(account, kind="tip", gross_cents=1000, net_cents=800, occurred_at=utc(2026, 10, 23, 22, 30))
    sale(account, kind="subscription", gross_cents=999, net_cents=799, occurred_at=utc(2026, 10, 24, 21, 59))
    sale(account, kind="message", gross_cents=1500, net_cents=1200, occurred_at=utc(2026, 10, 24, 22, 30))
    # 23:30 in Paris on the 25th (UTC+1 by then): with the summer offset it would fall on the 26th.
    sale(account, kind="stream", gross_cents=2000, net_cents=1600, occurred_at=utc(2026, 10, 25, 22, 30))
    sale(account, kind="post", gross_cents=500, net_cents=400, occurred_at=utc(2026, 10, 25, 23, 30))
    sale(
        account,
        kind="tip",
        gross_cents=700,
        net_cents=560,
        status="pending",
        occurred_at=utc(2026, 10, 26, 10),
    )
    # Charged back: never income where it was made; counted when the sync saw it (chargeback_at).
    sale(
        account,
        kind="tip",
        gross_cents=3000,
        net_cents=2400,
        status="chargeback",
        occurred_at=utc(2026, 10, 24, 12),
        chargeback_at=utc(2026, 10, 26, 12),
    )
    sale(
        account,
        kind="tip",
        gross_cents=5000,
        net_cents=4000,
        status="chargeback",
        occurred_at=utc(2026, 9, 1),
        chargeback_at=utc(2026, 10, 25, 10),
    )
    sale(
        account, kind="tip", gross_cents=600, net_cents=480, status="other", occurred_at=utc(2026, 10, 25, 12)
    )
    sale(account, kind="tip", gross_cents=4000, net_cents=3200, occurred_at=utc(2026, 10, 26, 23, 30))  # 27th
    sale(account, kind="tip", gross_cents=100, net_cents=80, occurred_at=utc(2026, 10, 23, 21, 59))  # 23rd


def test_earnings_by_day_follow_the_accounts_calendar_across_dst(paris, team):
    _ledger(paris)
    make_earning(make_account(team), gross_cents=9999, net_cents=9000, occurred_at=utc(2026, 10, 25, 12))
    buckets = earnings_by_period(account=paris, window=WINDOW, tz=PARIS, period="day")
    assert [b.start for b in buckets] == [date(2026, 10, 24), date(2026, 10, 25), date(2026, 10, 26)]
    assert [(b.gross_cents, b.net_cents) for b in buckets] == [(1999, 1599), (3500, 2800), (1200, 960)]
    assert buckets[0].gross_by_kind == {
        "subscription": 999,
        "tip": 1000,
        "message": 0,
        "post": 0,
        "stream": 0,
        "other": 0,
    }
    assert buckets[1].gross_by_kind["stream"] == 2000
    assert buckets[2].gross_by_kind["tip"] == 700


def test_earnings_by_week_and_month_fold_the_days(paris):
    _ledger(paris)
    weeks = earnings_by_period(account=paris, window=WINDOW, tz=PARIS, period="week")
    assert [(w.start, w.gross_cents, w.net_cents) for w in weeks] == [
        (date(2026, 10, 19), 5499, 4399),
        (date(2026, 10, 26), 1200, 960),
    ]
    months = earnings_by_period(account=paris, window=WINDOW, tz=PARIS, period="month")
    assert [(m.start, m.gross_cents) for m in months] == [(date(2026, 10, 1), 6699)]


def test_days_without_sales_are_empty_buckets(paris):
    make_earning(paris, gross_cents=500, net_cents=400, occurred_at=utc(2026, 10, 10, 12))
    window = window_last(days=7, tz=PARIS, until=utc(2026, 10, 12, 12))
    buckets = earnings_by_period(account=paris, window=window, tz=PARIS)
    assert len(buckets) == 7
    assert [b.gross_cents for b in buckets] == [0, 0, 0, 0, 500, 0, 0]


def test_summary_separates_gross_net_pending_and_chargebacks(paris):
    _ledger(paris)
    summary = earnings_summary(account=paris, window=WINDOW)
    assert (summary.gross_cents, summary.net_cents, summary.fee_cents) == (6699, 5359, 1340)
    assert summary.pending_cents == 700
    assert summary.sales == 6
    assert (summary.chargeback_cents, summary.chargebacks) == (8000, 2)
    assert summary.gross_by_kind == {
        "subscription": 999,
        "tip": 1700,
        "message": 1500,
        "post": 500,
        "stream": 2000,
        "other": 0,
    }


def test_arpu_and_arppu_are_scaled_to_thirty_days(account):
    window = Window(since=utc(2026, 5, 1), until=utc(2026, 5, 11))  # 10 days
    payer = make_fan(account, subscribed_at=utc(2026, 4, 1), expires_at=utc(2026, 6, 1))
    make_fan(account, subscribed_at=utc(2026, 4, 1), expires_at=utc(2026, 5, 5))  # left inside: counts
    make_fan(account, subscribed_at=utc(2026, 3, 1), expires_at=utc(2026, 4, 1))  # gone before
    make_fan(account, subscribed_at=utc(2026, 5, 20), expires_at=utc(2026, 6, 20))  # came after
    lapsed_buyer = make_fan(account, subscribed_at=utc(2026, 1, 1), expires_at=utc(2026, 2, 1))
    make_earning(account, fan=payer, gross_cents=3000, net_cents=2400, occurred_at=utc(2026, 5, 2))
    make_earning(account, fan=lapsed_buyer, gross_cents=1000, net_cents=800, occurred_at=utc(2026, 5, 3))
    make_earning(account, gross_cents=500, net_cents=400, occurred_at=utc(2026, 5, 4))  # fan unknown
    revenue = fan_revenue(account=account, window=window)
    assert (revenue.revenue_cents, revenue.fans, revenue.paying_fans) == (4500, 3, 2)
    assert revenue.arpu_cents == 4500  # 4500 / 3 fans over 10 days = 1500, x 3 for 30 days
    assert revenue.arppu_cents == 6750  # 4500 / 2 x 3


def test_arpu_is_unknown_without_fans(account):
    revenue = fan_revenue(account=account, window=Window(since=utc(2026, 5, 1), until=utc(2026, 5, 11)))
    assert revenue.arpu_cents is None
    assert revenue.arppu_cents is None


def test_lifetime_value_averages_fans_who_ever_subscribed(account):
    make_fan(account, subscription_status="active", spend_total_cents=10_000)
    make_fan(account, subscription_status="expired", spend_total_cents=2_000)
    make_fan(account, subscription_status="active", spend_total_cents=0)
    make_fan(account, subscription_status="never", spend_total_cents=50_000)  # a ledger-only stub
    value = fan_lifetime_value(account=account)
    assert (value.fans, value.paying_fans, value.total_cents) == (3, 2, 12_000)
    assert value.average_cents == 4_000
    assert value.average_paying_cents == 6_000


def test_top_spenders_rank_what_fans_paid_in_the_window(account, team):
    big, small, refunded = make_fan(account), make_fan(account), make_fan(account)
    window = Window(since=utc(2026, 5, 1), until=utc(2026, 6, 1))
    make_earning(account, fan=small, gross_cents=1500, net_cents=1200, occurred_at=utc(2026, 5, 2))
    make_earning(account, fan=big, gross_cents=1000, net_cents=800, occurred_at=utc(2026, 5, 3))
    make_earning(account, fan=big, gross_cents=1000, net_cents=800, occurred_at=utc(2026, 5, 4))
    make_earning(account, fan=big, gross_cents=9000, net_cents=7200, occurred_at=utc(2026, 4, 30))  # before
    make_earning(
        account,
        fan=refunded,
        gross_cents=8000,
        net_cents=6400,
        status="chargeback",
        occurred_at=utc(2026, 5, 5),
        chargeback_at=utc(2026, 5, 6),
    )
    other = make_account(make_team("B"))
    make_earning(other, fan=make_fan(other), gross_cents=99_000, net_cents=1, occurred_at=utc(2026, 5, 2))
    top = top_spenders(account=account, window=window, limit=5)
    assert [(spender.fan, spender.window_cents) for spender in top] == [(big, 2000), (small, 1500)]
    assert len(top_spenders(account=account, window=window, limit=1)) == 1
