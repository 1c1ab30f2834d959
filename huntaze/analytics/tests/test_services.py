"""Stored recommendations: refresh replaces the set, the hub's top picks, and the refresh after a sync."""

from __future__ import annotations

import pytest

from huntaze.analytics.models import ChatTurn, Recommendation
from huntaze.analytics.selectors import recommendation_list, recommendation_top
from huntaze.analytics.services import calibration_refresh
from huntaze.analytics.tests.conftest import utc
from huntaze.analytics.tests.test_calibration import _new_fans
from huntaze.core.tests.factories import make_account, make_earning, make_team
from huntaze.sync.tests.conftest import sync


def test_refresh_stores_one_set_per_account_and_replaces_the_previous_one(account, team):
    other = make_account(team)
    calibration_refresh(account=other)
    first = calibration_refresh(account=account)
    assert len(first) == 4
    assert {rec.action for rec in first} == {"not_enough_data"}
    make_earning(account, gross_cents=100, net_cents=80, occurred_at=utc(2026, 5, 29))
    _new_fans(account, ["instagram"] * 25 + ["tiktok"] * 10)
    second = calibration_refresh(account=account)
    stored = Recommendation.objects.filter(account=account)
    assert sorted(stored.values_list("pk", flat=True)) == sorted(rec.pk for rec in second)
    assert len({rec.computed_at for rec in stored}) == 1
    assert stored.get(rule="social_risk").action == "diversify"
    assert Recommendation.objects.filter(account=other).count() == 4


def test_top_recommendations_put_actions_first_and_skip_not_enough_data(account):
    _new_fans(account, ["instagram"] * 25 + ["tiktok"] * 10)
    make_earning(account, gross_cents=100, net_cents=80, occurred_at=utc(2026, 5, 29))
    calibration_refresh(account=account)
    top = recommendation_top(account=account, limit=3)
    assert [rec.action for rec in top] == ["diversify"]
    everything = recommendation_list(account=account)
    assert everything[0].action == "diversify"
    assert {rec.action for rec in everything[1:]} == {"not_enough_data"}


def test_recommendations_read_as_sentences_with_labelled_evidence(account):
    make_earning(account, gross_cents=100, net_cents=80, occurred_at=utc(2026, 5, 29))
    _new_fans(account, ["instagram"] * 25 + ["tiktok"] * 10)
    calibration_refresh(account=account)
    risk = Recommendation.objects.get(account=account, rule="social_risk")
    wait = Recommendation.objects.get(account=account, rule="early_vip")
    assert risk.headline.startswith("100% of new subscribers come from Instagram or TikTok (high risk)")
    assert wait.headline == "Not enough data yet: 0 paying fans, at least 50 needed."
    labels = [(item["label"], item["value"]) for item in risk.evidence_items()]
    assert labels[:2] == [("New subscribers", 35), ("new subscribers with a known traffic source", 35)]


def test_other_accounts_recommendations_stay_apart(account):
    other = make_account(make_team("B"))
    _new_fans(other, ["instagram"] * 40)
    calibration_refresh(account=other)
    assert recommendation_list(account=account) == []
    assert recommendation_top(account=account) == []


@pytest.mark.django_db(transaction=True)
def test_a_successful_sync_refreshes_chat_turns_and_recommendations(sim_account):
    run = sync(sim_account)
    assert run.status == "succeeded", (run.error_class, run.error_message)
    # Huey runs tasks immediately in the test settings, once the sync's transaction commits.
    assert ChatTurn.objects.filter(account=sim_account).exists()
    assert {rec.rule for rec in recommendation_list(account=sim_account)} == {
        "heatmap_hours",
        "volume",
        "early_vip",
        "social_risk",
    }
