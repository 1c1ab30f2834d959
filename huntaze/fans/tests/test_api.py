"""Fan routes: filtered and sorted pages with tags, tag and note updates."""

from __future__ import annotations

from datetime import timedelta

import pytest

from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import BASE_TIME, make_account, make_fan
from huntaze.fans.services import fan_tags_set


@pytest.fixture
def fans(client, owner, account):
    rows = {
        "whale": make_fan(account, spend_total_cents=90_000, subscription_status="active"),
        "recent": make_fan(
            account, spend_total_cents=500, last_message_at=BASE_TIME, subscription_status="active"
        ),
        "lapsed": make_fan(account, spend_total_cents=4_000, subscription_status="expired"),
        "older": make_fan(account, spend_total_cents=10, last_message_at=BASE_TIME - timedelta(days=2)),
    }
    fan_tags_set(user=owner, fan_id=rows["whale"].pk, tags=["VIP", "whale"])
    fan_tags_set(user=owner, fan_id=rows["lapsed"].pk, tags=["vip"])
    client.force_login(owner)
    return {name: fan.pk for name, fan in rows.items()}


def _names(client, fans, **params) -> list[str]:
    response = client.get("/api/onlyfans/fans", params)
    assert response.status_code == 200, response.content
    by_id = {pk: name for name, pk in fans.items()}
    return [by_id[row["id"]] for row in response.json()["items"]]


def test_fans_sort_by_spend_or_last_activity(client, fans):
    assert _names(client, fans) == ["whale", "lapsed", "recent", "older"]
    assert _names(client, fans, sort="last_activity")[:2] == ["recent", "older"]
    assert client.get("/api/onlyfans/fans", {"sort": "name"}).status_code == 422


def test_fans_filter_by_status_tag_and_account(client, account, fans):
    assert _names(client, fans, status="active") == ["whale", "recent"]
    assert _names(client, fans, tag=" VIP ") == ["whale", "lapsed"]
    assert _names(client, fans, tag="vip", status="expired") == ["lapsed"]
    assert _names(client, fans, account_id=account.pk) == ["whale", "lapsed", "recent", "older"]
    assert _names(client, fans, tag="nobody") == []


def test_fans_carry_their_tags(client, fans):
    rows = client.get("/api/onlyfans/fans").json()["items"]
    assert rows[0]["tags"] == ["vip", "whale"]


@pytest.mark.parametrize("rows", [3, 30])
def test_fan_list_query_count_does_not_grow_with_rows(
    client, owner, account, django_assert_num_queries, rows
):
    for _ in range(rows):
        fan_tags_set(user=owner, fan_id=make_fan(account).pk, tags=["a", "b"])
    client.force_login(owner)
    # session + user, the page, its tags (one prefetch)
    with django_assert_num_queries(4):
        assert len(client.get("/api/onlyfans/fans").json()["items"]) == rows
    # ... and the account check
    with django_assert_num_queries(5):
        client.get(f"/api/onlyfans/fans?account_id={account.pk}&tag=a&status=never")


def test_tags_put_replaces_normalises_and_audits(client, fans):
    url = f"/api/onlyfans/fans/{fans['whale']}/tags"
    response = client.put(
        url, {"tags": [" Big Spender", "big spender", "night-owl"]}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["tags"] == ["big spender", "night-owl"]
    assert client.put(url, {"tags": []}, content_type="application/json").json()["tags"] == []
    assert AuditEvent.objects.filter(action="fan.tags_set", target_id=str(fans["whale"])).count() == 3


def test_notes_put_replaces_notes(client, fans):
    url = f"/api/onlyfans/fans/{fans['older']}/notes"
    response = client.put(
        url, {"notes": "Prefers voice notes.\nBirthday in June."}, content_type="application/json"
    )
    assert response.json()["notes"] == "Prefers voice notes.\nBirthday in June."
    assert client.put(url, {}, content_type="application/json").status_code == 422


def test_tags_of_another_account_do_not_leak_into_the_filter(client, owner, team, fans):
    other = make_account(team)
    stranger = make_fan(other)
    fan_tags_set(user=owner, fan_id=stranger.pk, tags=["vip"])
    ids = {row["id"] for row in client.get("/api/onlyfans/fans", {"tag": "vip"}).json()["items"]}
    assert ids == {fans["whale"], fans["lapsed"], stranger.pk}
