"""The four auto-calibration rules on hand-built data: verdicts, evidence and "not enough data"."""

from __future__ import annotations

import itertools
from datetime import timedelta

from huntaze.analytics.calibration import calibration_compute
from huntaze.analytics.calibration.early_vip import early_vip
from huntaze.analytics.calibration.heatmap_hours import best_block, heatmap_hours
from huntaze.analytics.calibration.social_risk import social_risk
from huntaze.analytics.calibration.volume import volume
from huntaze.analytics.tests.conftest import utc
from huntaze.analytics.tests.test_messaging import _chat
from huntaze.core.tests.factories import make_account, make_earning, make_fan
from huntaze.inbox.models import Message

UNTIL = utc(2026, 5, 29)  # rules look back from here (Paris is UTC+2 in May)
_ids = itertools.count(6_000_000_000_000)


def _messages(chat, times, direction="incoming", **fields):
    Message.objects.bulk_create(
        Message(
            account=chat.account,
            chat=chat,
            fan=chat.fan,
            onlyfans_id=next(_ids),
            direction=direction,
            sent_at=at,
            **fields,
        )
        for at in times
    )


def _evidence(finding):
    return {item.key: item.value for item in finding.evidence}


# --- rule 1: best hours -------------------------------------------------------------------------


def test_best_block_wraps_past_midnight_and_prefers_the_earliest_tie():
    per_hour = [0] * 24
    per_hour[23], per_hour[0], per_hour[1] = 5, 5, 5
    assert best_block(per_hour) == (23, 15)
    assert best_block([1] * 24) == (0, 3)


def test_heatmap_hours_needs_fan_messages_and_sales(paris):
    _messages(_chat(paris), [utc(2026, 5, day, 12) for day in range(1, 11)])
    findings = heatmap_hours(account=paris, until=UNTIL)
    assert [(f.action, f.params["metric"], f.params["have"], f.params["need"]) for f in findings] == [
        ("not_enough_data", "fan_messages", 10, 200),
        ("not_enough_data", "sales", 0, 50),
    ]


def test_heatmap_hours_finds_the_peak_posting_and_selling_blocks_in_local_time(paris):
    chat = _chat(paris)
    # 120 fan messages at 20:30, 21:30 and 22:30 Paris time (18:30-20:30 UTC) ...
    peak = [utc(2026, 5, 2 + i % 20, 18 + i % 3, 30) for i in range(120)]
    # ... and 5 in every hour of the day: the 20-23 block holds 135 of 240 (56 %).
    spread = [utc(2026, 5, 10, 0) + timedelta(hours=h, minutes=10) for h in range(24) for _ in range(5)]
    _messages(chat, peak + spread)
    # 60 sales at 12:10, 13:10 and 14:10 Paris time.
    for i in range(60):
        make_earning(
            paris, gross_cents=1000, net_cents=800, occurred_at=utc(2026, 5, 5 + i % 20, 10 + i % 3, 10)
        )
    post, dms = heatmap_hours(account=paris, until=UNTIL)
    assert (post.action, post.params) == ("post_hours", {"start_hour": 20, "end_hour": 23, "share": 56})
    assert _evidence(post)["sample"] == 240
    assert _evidence(post)["lift"] == 4.5
    assert post.confidence == "medium"  # strong peak, sample under twice the minimum
    assert (dms.action, dms.params) == ("dm_hours", {"start_hour": 12, "end_hour": 15, "share": 100})
    assert dms.window.until == UNTIL
    assert dms.window.days == 28


def test_heatmap_hours_says_so_when_activity_is_flat(paris):
    _messages(_chat(paris), [utc(2026, 5, 10, 0) + timedelta(hours=h) for h in range(24) for _ in range(10)])
    post, _dms = heatmap_hours(account=paris, until=UNTIL)
    assert (post.action, post.params) == ("hours_flat", {"target": "posts"})


# --- rule 2: volume -----------------------------------------------------------------------------


def _ppv(chat, *, start, count, opened, purchased):
    times = [start + timedelta(hours=i) for i in range(count)]
    _messages(chat, times[:purchased], "outgoing", price_cents=1000, is_opened=True, is_purchased=True)
    _messages(chat, times[purchased:opened], "outgoing", price_cents=1000, is_opened=True)
    _messages(chat, times[opened:], "outgoing", price_cents=1000)


PREVIOUS, RECENT = utc(2026, 5, 2), utc(2026, 5, 16)  # inside the two 14-day windows before UNTIL


def test_volume_needs_ppv_in_both_weeks(account):
    chat = _chat(account)
    _ppv(chat, start=PREVIOUS, count=10, opened=5, purchased=2)
    _ppv(chat, start=RECENT, count=40, opened=20, purchased=8)
    [finding] = volume(account=account, until=UNTIL)
    assert (finding.action, finding.params["have"], finding.params["need"]) == ("not_enough_data", 10, 30)


def test_volume_says_send_less_when_purchases_fall_clearly(account):
    chat = _chat(account)
    _ppv(chat, start=PREVIOUS, count=100, opened=50, purchased=30)
    _ppv(chat, start=RECENT, count=100, opened=50, purchased=10)
    [finding] = volume(account=account, until=UNTIL)
    assert finding.action == "send_less"
    assert (finding.params["purchase_rate"], finding.params["purchase_rate_before"]) == (10.0, 30.0)
    assert finding.params["fatigue"] is True
    assert _evidence(finding)["purchase_z"] < -2
    assert finding.confidence == "medium"


def test_volume_says_send_more_when_conversion_held_and_nobody_left(account):
    chat = _chat(account)
    _ppv(chat, start=PREVIOUS, count=60, opened=30, purchased=12)
    _ppv(chat, start=RECENT, count=60, opened=30, purchased=12)
    [finding] = volume(account=account, until=UNTIL)
    assert finding.action == "send_more"
    assert _evidence(finding)["ppv_sent"] == 60


def test_volume_holds_on_a_small_dip(account):
    chat = _chat(account)
    _ppv(chat, start=PREVIOUS, count=100, opened=50, purchased=20)
    _ppv(chat, start=RECENT, count=100, opened=50, purchased=17)
    assert volume(account=account, until=UNTIL)[0].action == "hold"


def test_volume_says_send_less_when_unsubscribes_rise(account):
    chat = _chat(account)
    _ppv(chat, start=PREVIOUS, count=60, opened=30, purchased=12)
    _ppv(chat, start=RECENT, count=60, opened=30, purchased=12)
    for day in (3, 4):
        make_fan(
            account,
            subscription_status="expired",
            subscribed_at=utc(2026, 1, 1),
            expires_at=utc(2026, 5, day),
        )
    for day in range(17, 27):
        make_fan(
            account,
            subscription_status="expired",
            subscribed_at=utc(2026, 1, 1),
            expires_at=utc(2026, 5, day),
        )
    [finding] = volume(account=account, until=UNTIL)
    assert finding.action == "send_less"
    assert (finding.params["unsubscribes"], finding.params["unsubscribes_before"]) == (10, 2)
    assert finding.params["churn_up"] is True


# --- rule 3: early VIP --------------------------------------------------------------------------


def _paying_fans(account, *, low, high):
    for _ in range(low):
        make_fan(
            account, subscription_status="active", subscribed_at=utc(2025, 1, 1), spend_total_cents=1_000
        )
    for _ in range(high):
        make_fan(
            account, subscription_status="active", subscribed_at=utc(2025, 1, 1), spend_total_cents=20_000
        )


def test_early_vip_needs_enough_paying_fans_for_a_top_ten_percent(account):
    _paying_fans(account, low=10, high=0)
    [finding] = early_vip(account=account, until=UNTIL)
    assert (finding.action, finding.params["metric"], finding.params["have"]) == (
        "not_enough_data",
        "paying_fans",
        10,
    )


def test_early_vip_flags_a_new_fan_whose_first_week_reaches_the_top_spenders(account):
    _paying_fans(account, low=54, high=6)
    star = make_fan(
        account,
        display_name='<img src=x onerror="alert(2)">',
        subscription_status="active",
        subscribed_at=utc(2026, 5, 20),
        spend_total_cents=25_000,
    )
    make_earning(account, fan=star, gross_cents=25_000, net_cents=20_000, occurred_at=utc(2026, 5, 21))
    make_earning(
        account,
        fan=star,
        gross_cents=90_000,
        net_cents=1,
        status="chargeback",
        occurred_at=utc(2026, 5, 22),
        chargeback_at=utc(2026, 5, 23),
    )
    slow = make_fan(
        account, subscription_status="active", subscribed_at=utc(2026, 5, 10), spend_total_cents=35_000
    )
    make_earning(account, fan=slow, gross_cents=5_000, net_cents=4_000, occurred_at=utc(2026, 5, 11))
    make_earning(
        account, fan=slow, gross_cents=30_000, net_cents=24_000, occurred_at=utc(2026, 5, 18)
    )  # day 8
    [finding] = early_vip(account=account, until=UNTIL)
    assert (finding.action, finding.fan_id, finding.priority) == ("early_vip", star.pk, 80)
    assert finding.params["fan"] == '<img src=x onerror="alert(2)">'
    evidence = _evidence(finding)
    assert (evidence["first_days_spend"], evidence["top_threshold"]) == (25_000, 20_000)
    assert (evidence["new_subscribers"], evidence["paying_fans"]) == (2, 62)
    assert evidence["subscribed_on"] == "2026-05-20"
    assert finding.confidence == "medium"  # under twice the threshold


def test_early_vip_reports_when_no_new_fan_qualifies(account):
    _paying_fans(account, low=54, high=6)
    fan = make_fan(
        account, subscription_status="active", subscribed_at=utc(2026, 5, 20), spend_total_cents=500
    )
    make_earning(account, fan=fan, gross_cents=500, net_cents=400, occurred_at=utc(2026, 5, 21))
    [finding] = early_vip(account=account, until=UNTIL)
    assert (finding.action, finding.params["new_subscribers"]) == ("no_early_vip", 1)


def test_early_vip_without_new_subscribers_is_not_enough_data(account):
    _paying_fans(account, low=54, high=6)
    [finding] = early_vip(account=account, until=UNTIL)
    assert (finding.action, finding.params["metric"]) == ("not_enough_data", "new_subscribers")


# --- rule 4: Instagram/TikTok risk --------------------------------------------------------------


def _new_fans(account, sources):
    for i, source in enumerate(sources):
        raw = {} if source is ... else {"referral": source}
        make_fan(account, subscription_status="active", subscribed_at=utc(2026, 5, 1 + i % 25), raw=raw)


def test_social_risk_without_a_traffic_source_says_not_enough_data(account):
    _new_fans(account, [...] * 50)  # what OnlyFans' subscriber list gives: no referral field
    [finding] = social_risk(account=account, until=UNTIL)
    assert (finding.action, finding.params["metric"], finding.params["have"], finding.params["need"]) == (
        "not_enough_data",
        "known_sources",
        0,
        30,
    )


def test_social_risk_flags_dependence_on_instagram_and_tiktok_with_the_presets_advice(team):
    account = make_account(team, preset_slug="gfe")
    _new_fans(account, ["instagram"] * 20 + ["TikTok"] * 10 + ["reddit"] * 10 + [None] * 10)
    [finding] = social_risk(account=account, until=UNTIL)
    assert (finding.action, finding.params["share"], finding.params["level"]) == ("diversify", 75, "high")
    evidence = _evidence(finding)
    assert (evidence["known_sources"], evidence["new_subscribers"]) == (40, 50)
    assert (evidence["source_instagram"], evidence["source_tiktok"]) == (20, 10)
    assert evidence["other_sources"] == "reddit"
    advice = finding.params["advice"]
    assert any("OnlyFans" in line for line in advice)  # the preset's "what gets banned" list
    assert advice[-1].startswith("Run at least three traffic sources")


def test_social_risk_is_low_with_diversified_traffic(account):
    _new_fans(account, ["instagram"] * 5 + ["tiktok"] * 5 + ["twitter"] * 30)
    [finding] = social_risk(account=account, until=UNTIL)
    assert (finding.action, finding.params["share"], finding.params["advice"]) == ("traffic_ok", 25, [])


# --- all rules ----------------------------------------------------------------------------------


def test_an_account_without_history_gets_not_enough_data_from_every_rule(account):
    findings = calibration_compute(account=account, now=UNTIL)
    assert [(f.rule, f.action, f.params["metric"]) for f in findings] == [
        ("heatmap_hours", "not_enough_data", "history"),
        ("volume", "not_enough_data", "history"),
        ("early_vip", "not_enough_data", "history"),
        ("social_risk", "not_enough_data", "history"),
    ]


def test_rules_look_back_from_the_newest_synced_row(account):
    make_earning(account, gross_cents=100, net_cents=80, occurred_at=utc(2026, 3, 1, 12))
    findings = calibration_compute(account=account, now=UNTIL)
    assert {f.window.until for f in findings} == {utc(2026, 3, 1, 12) + timedelta(microseconds=1)}
