"""Subscriber figures on hand-built fans with known answers."""

from __future__ import annotations

from huntaze.analytics.selectors import renew_on_rate, subscriber_flow
from huntaze.analytics.tests.conftest import utc
from huntaze.analytics.window import Window
from huntaze.core.tests.factories import make_account, make_fan, make_team

WINDOW = Window(since=utc(2026, 5, 1), until=utc(2026, 5, 16))  # 15 days


def test_new_expired_and_churn_over_a_window(account):
    # Subscribed when the window began: 4 fans.
    make_fan(account, subscription_status="active", subscribed_at=utc(2026, 3, 1), expires_at=utc(2026, 6, 1))
    make_fan(account, subscription_status="active", subscribed_at=utc(2026, 4, 1), expires_at=None)
    make_fan(
        account, subscription_status="expired", subscribed_at=utc(2026, 2, 1), expires_at=utc(2026, 5, 10)
    )
    make_fan(
        account, subscription_status="expired", subscribed_at=utc(2026, 4, 2), expires_at=utc(2026, 5, 1)
    )
    # New in the window, one already gone again.
    make_fan(account, subscription_status="active", subscribed_at=utc(2026, 5, 3), expires_at=utc(2026, 6, 3))
    make_fan(
        account, subscription_status="expired", subscribed_at=utc(2026, 5, 4), expires_at=utc(2026, 5, 15)
    )
    # Outside: expired before, subscribed after, expiring later than the window, never subscribed.
    make_fan(
        account, subscription_status="expired", subscribed_at=utc(2026, 1, 1), expires_at=utc(2026, 4, 30)
    )
    make_fan(
        account, subscription_status="active", subscribed_at=utc(2026, 5, 16), expires_at=utc(2026, 6, 16)
    )
    make_fan(account, subscription_status="never")
    make_fan(
        make_account(make_team("B")),
        subscription_status="expired",
        subscribed_at=utc(2026, 5, 2),
        expires_at=utc(2026, 5, 3),
    )
    flow = subscriber_flow(account=account, window=WINDOW)
    assert (flow.new, flow.expired, flow.active_at_start, flow.net) == (2, 3, 4, -1)
    assert flow.churn_rate == 75.0  # 3 expired / 4 at the start
    assert flow.churn_rate_30d == 150.0  # over 15 days, scaled linearly to 30


def test_churn_is_unknown_without_subscribers_at_the_start(account):
    make_fan(account, subscription_status="active", subscribed_at=utc(2026, 5, 3))
    flow = subscriber_flow(account=account, window=WINDOW)
    assert flow.churn_rate is None
    assert flow.churn_rate_30d is None


def test_renew_on_rate_counts_active_fans_with_a_known_flag(account):
    for renew_on in (True, True, True, False, None):
        make_fan(account, subscription_status="active", renew_on=renew_on)
    make_fan(account, subscription_status="expired", renew_on=False)
    renew = renew_on_rate(account=account)
    assert (renew.active, renew.renew_on, renew.renew_off, renew.unknown) == (5, 3, 1, 1)
    assert renew.rate == 75.0


def test_renew_on_rate_is_unknown_without_active_fans(account):
    assert renew_on_rate(account=account).rate is None
