"""The analytics page: roles, tenants, bad input, escaping, empty states and bounded queries."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huntaze.analytics.models import Recommendation
from huntaze.analytics.services import analytics_refresh
from huntaze.analytics.tests.test_messaging import _chat, _message
from huntaze.core.tests.factories import (
    make_account,
    make_earning,
    make_fan,
    make_member,
    make_team,
    make_user,
)

URL = reverse("analytics:index")
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_IMG = '<img src=x onerror="alert(2)">'


def _activity(account, *, name="Mia", spend=2500):
    """A fan who subscribed yesterday, wrote, got a reply and paid."""
    now = timezone.now()
    fan = make_fan(
        account,
        display_name=name,
        subscription_status="active",
        subscribed_at=now - timedelta(days=1),
        renew_on=True,
        spend_total_cents=spend,
    )
    chat = _chat(account)
    chat.fan = fan
    chat.save()
    _message(chat, "incoming", now - timedelta(hours=5))
    _message(chat, "outgoing", now - timedelta(hours=4), price_cents=1500, is_free=False, is_purchased=True)
    make_earning(
        account,
        fan=fan,
        kind="message",
        gross_cents=spend,
        net_cents=spend * 4 // 5,
        occurred_at=now - timedelta(hours=3),
    )
    return fan


def _html(response) -> str:
    return response.content.decode()


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_a_user_without_accounts_sees_an_empty_state(client, db):
    client.force_login(make_user())
    response = client.get(URL)
    assert response.status_code == 200
    assert "No account to show" in _html(response)


def test_an_account_without_synced_data_sees_an_empty_state(client, owner, account):
    client.force_login(owner)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Nothing has been synced for @luna_creates yet" in _html(response)


def test_owner_sees_earnings_fans_activity_kpis_chatters_and_recommendations(client, owner, account):
    _activity(account)
    analytics_refresh(account=account)
    client.force_login(owner)
    response = client.get(URL, {"days": 7})
    html = _html(response)
    assert response.status_code == 200
    for title in (
        "Summary",
        "Earnings per day, by kind",
        "KPIs against your preset",
        "Top fans",
        "Chatters",
        "Recommendations",
    ):
        assert title in html
    assert 'aria-current="page">Last 7 days' in html
    chart = json.loads(
        re.search(r'<script id="an-earnings-data" type="application/json">(.*?)</script>', html).group(1)
    )
    assert len(chart["labels"]) == 7
    assert sum(sum(dataset["cents"]) for dataset in chart["datasets"]) == 2500
    assert "$25.00" in html
    assert "Mia" in html
    assert "Not enough data yet" in html  # the rules' honest answer on one fan's data
    assert '<script src="/static/web/vendor/chart.umd.min.js' in html or "chart.umd" in html


def test_ninety_days_chart_weekly_bars(client, owner, account):
    _activity(account)
    client.force_login(owner)
    html = _html(client.get(URL, {"days": 90}))
    assert "Earnings per week, by kind" in html
    assert 'aria-current="page">Last 90 days' in html


def test_an_assigned_chatter_may_read_the_page(client, team, account):
    _activity(account)
    chatter = make_member(team, "chatter", accounts=[account])
    client.force_login(chatter)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Mia" in _html(response)
    assert "<form" not in _html(response).split('id="analytics-region"')[1]  # nothing to change here


def test_a_chatter_never_sees_an_account_not_assigned_to_them(client, team, account):
    _activity(account, name="Secret Sam")
    other = make_account(team, username="assigned_one")
    chatter = make_member(team, "chatter", accounts=[other])
    client.force_login(chatter)
    html = _html(client.get(URL, {"account": account.pk}))
    assert "Secret Sam" not in html
    assert "Nothing has been synced for @assigned_one yet" in html


def test_another_teams_account_is_never_shown(client, owner, account):
    foreign = make_account(make_team("B"), username="foreign_creator")
    _activity(foreign, name="Foreign Fan")
    client.force_login(owner)
    html = _html(client.get(URL, {"account": foreign.pk}))
    assert "Foreign Fan" not in html
    assert "foreign_creator" not in html


@pytest.mark.parametrize("days", ["13", "abc", "-7"])
def test_a_period_that_is_not_offered_is_a_422_with_the_reason(client, owner, account, days):
    _activity(account)
    client.force_login(owner)
    response = client.get(URL, {"days": days})
    assert response.status_code == 422
    html = _html(response)
    assert 'role="alert"' in html
    assert "This period is not offered" in html
    assert f'href="/onlyfans/analytics/?days=30&amp;account={account.pk}"' in html  # the way back


def test_fan_controlled_text_is_escaped_everywhere(client, owner, team):
    account = make_account(team, username="escaper")
    _activity(account, name=HOSTILE_NAME, spend=99_000)
    analytics_refresh(account=account)
    client.force_login(owner)
    html = _html(client.get(URL, {"account": account.pk}))
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # Early-VIP headlines carry a fan's name: escaped as well (a new computed_at, as a refresh gives).
    Recommendation.objects.filter(account=account).update(
        action="early_vip",
        params={"fan": HOSTILE_IMG, "days": 7, "top_percent": 10},
        computed_at=timezone.now(),
    )
    html = _html(client.get(URL, {"account": account.pk}))
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html


def test_htmx_period_switch_answers_the_region_only(client, owner, account):
    _activity(account)
    client.force_login(owner)
    response = client.get(URL, {"days": 30}, headers={"HX-Request": "true"})
    html = _html(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert 'aria-current="page">Last 30 days' in html


def test_query_count_does_not_grow_with_the_data(client, owner, team, django_assert_max_num_queries):
    small, large = make_account(team, username="small"), make_account(team, username="large")
    _activity(small)
    for i in range(25):
        _activity(large, name=f"Fan {i}")
    analytics_refresh(account=small)
    analytics_refresh(account=large)
    client.force_login(owner)
    for account in (small, large):
        with django_assert_max_num_queries(23):
            assert client.get(URL, {"account": account.pk}).status_code == 200
    # Figures are cached until the data changes: a second view only checks versions.
    with django_assert_max_num_queries(7):
        assert client.get(URL, {"account": large.pk}).status_code == 200


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_first_view_after_a_sync_is_served_from_what_the_worker_rendered(
    client, owner, account, language, django_assert_max_num_queries
):
    _activity(account, name="Mia")
    analytics_refresh(account=account)  # the worker's job after a sync
    client.force_login(owner)
    for days in (7, 30, 90):
        with django_assert_max_num_queries(7):
            response = client.get(URL, {"account": account.pk, "days": days}, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert "Mia" in _html(response)
