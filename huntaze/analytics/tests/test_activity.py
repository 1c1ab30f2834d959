"""Hour x weekday heatmap in the account's time zone, and the SQL local-time conversion under it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from huntaze.analytics.localtime import offset_spans
from huntaze.analytics.selectors import activity_heatmap
from huntaze.analytics.tests.conftest import utc
from huntaze.analytics.tests.test_messaging import _chat, _message
from huntaze.analytics.window import Window
from huntaze.core.tests.factories import make_account, make_earning

PARIS = ZoneInfo("Europe/Paris")
WINDOW = Window(since=utc(2026, 10, 23, 22), until=utc(2026, 10, 26, 23))  # 24-26 Oct in Paris


def test_heatmap_counts_fan_messages_and_spend_per_local_weekday_and_hour(paris):
    chat = _chat(paris)
    _message(chat, "incoming", utc(2026, 10, 24, 22, 30))  # Sunday 00:30 (UTC+2)
    _message(chat, "incoming", utc(2026, 10, 25, 22, 30))  # Sunday 23:30 (UTC+1 since 01:00 UTC)
    _message(chat, "incoming", utc(2026, 10, 26, 8, 15))  # Monday 09:15
    _message(chat, "incoming", utc(2026, 10, 26, 8, 45))  # Monday 09:45
    _message(chat, "outgoing", utc(2026, 10, 26, 8, 50))  # the creator's: not fan activity
    _message(chat, "incoming", utc(2026, 10, 26, 8, 55), is_deleted=True)
    make_earning(paris, gross_cents=1000, net_cents=800, occurred_at=utc(2026, 10, 24, 12))  # Sat 14:00
    make_earning(paris, gross_cents=500, net_cents=400, occurred_at=utc(2026, 10, 24, 12, 30))
    make_earning(
        paris, gross_cents=9000, net_cents=1, status="chargeback", occurred_at=utc(2026, 10, 24, 12, 40)
    )
    heatmap = activity_heatmap(account=paris, window=WINDOW, tz=PARIS)
    monday, saturday, sunday = 0, 5, 6
    assert heatmap.messages[sunday][0] == 1
    assert heatmap.messages[sunday][23] == 1
    assert heatmap.messages[monday][9] == 2
    assert heatmap.total_messages == 4
    assert (heatmap.sales[saturday][14], heatmap.spend_cents[saturday][14]) == (2, 1500)
    assert (heatmap.total_sales, heatmap.total_spend_cents) == (2, 1500)
    assert heatmap.by_hour(spend=False)[9] == 2
    levels = heatmap.levels(spend=False)
    assert levels[monday][9] == 4  # the busiest cell
    assert levels[sunday][0] == 2  # half of it
    assert levels[monday][10] == 0


def test_offset_spans_split_a_window_at_daylight_saving_changes():
    assert offset_spans(PARIS, WINDOW) == [(None, 120), (utc(2026, 10, 25, 1), 60)]
    year = Window(since=utc(2026, 1, 1), until=utc(2027, 1, 1))
    assert offset_spans(PARIS, year) == [(None, 60), (utc(2026, 3, 29, 1), 120), (utc(2026, 10, 25, 1), 60)]
    assert offset_spans(ZoneInfo("UTC"), year) == [(None, 0)]
    assert offset_spans(ZoneInfo("Asia/Kolkata"), WINDOW) == [(None, 330)]


def test_heatmap_in_a_half_hour_time_zone(team):
    kolkata = make_account(team, username="kolkata", timezone_name="Asia/Kolkata")  # UTC+05:30
    chat = _chat(kolkata)
    _message(chat, "incoming", utc(2026, 10, 25, 18, 15))  # Sunday 23:45
    _message(chat, "incoming", utc(2026, 10, 25, 18, 45))  # Monday 00:15
    heatmap = activity_heatmap(account=kolkata, window=WINDOW, tz=ZoneInfo("Asia/Kolkata"))
    assert heatmap.messages[6][23] == 1
    assert heatmap.messages[0][0] == 1
    assert heatmap.total_messages == 2
