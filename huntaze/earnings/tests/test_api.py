"""Earnings route: ledger rows by account, kind and a half-open time range, newest first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from huntaze.core.tests.factories import BASE_TIME, make_earning


def test_earnings_filter_by_kind_and_time_range(client, owner, account):
    rows = [
        make_earning(account, occurred_at=BASE_TIME - timedelta(days=day), kind="tip") for day in range(4)
    ]
    message = make_earning(account, occurred_at=BASE_TIME, kind="message")
    client.force_login(owner)

    def ids(**params):
        response = client.get("/api/onlyfans/earnings", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["items"]]

    assert ids(kind="message") == [message.pk]
    since, until = (BASE_TIME - timedelta(days=2)).isoformat(), BASE_TIME.isoformat()
    # ``since`` inclusive, ``until`` exclusive: days 2 and 1 ago
    assert ids(kind="tip", since=since, until=until) == [rows[1].pk, rows[2].pk]
    assert ids(account_id=account.pk, until=since) == [rows[3].pk]


def test_earnings_refuse_dates_without_a_time_zone(client, owner, account):
    client.force_login(owner)
    response = client.get("/api/onlyfans/earnings", {"since": "2026-05-01T00:00:00"})
    assert response.status_code == 422
    assert response.json()["extra"]["errors"][0]["loc"] == ["query", "since"]


@pytest.mark.parametrize("rows", [3, 30])
def test_earnings_query_count_does_not_grow_with_rows(
    client, owner, account, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_earning(account)
    client.force_login(owner)
    with django_assert_num_queries(4):  # session + user, the account check, the page
        assert len(client.get(f"/api/onlyfans/earnings?account_id={account.pk}").json()["items"]) == rows
