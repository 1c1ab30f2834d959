"""``GET /api/onlyfans/events``: cursor pages, filters, validation, tenants, tokens."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from huntaze.api.tests.conftest import bearer
from huntaze.core.tests.factories import make_account, make_earning, make_team, make_token_secret, make_user
from huntaze.events.choices import EventType
from huntaze.events.services import EventDraft, event_record_many

pytestmark = pytest.mark.django_db
EVENTS = "/api/onlyfans/events"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def record(account, source: str, kind: str = EventType.NEW_MESSAGE):
    draft = EventDraft(kind, source, T0, {"fan_name": "Mia", "text": "<b>hi</b>"})
    return event_record_many(account_id=account.pk, events=[draft])[0]


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def test_pages_walk_every_event_once_newest_first(logged_in, account):
    recorded = [record(account, str(n)) for n in range(7)]
    seen, cursor = [], None
    while True:
        params = {"account_id": account.pk, "limit": 3} | ({"cursor": cursor} if cursor else {})
        body = logged_in.get(EVENTS, params).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [event.pk for event in reversed(recorded)]
    item = logged_in.get(EVENTS, {"limit": 1}).json()["items"][0]
    assert item["summary"] == "Mia wrote: “<b>hi</b>”"  # JSON carries text as is
    assert item["source_id"] == "6"
    assert item["payload"] == {"fan_name": "Mia", "text": "<b>hi</b>"}


def test_filters_by_type_and_since_id(logged_in, account):
    first = record(account, "1")
    tip = record(account, "2", EventType.NEW_TIP)
    last = record(account, "3")
    by_type = logged_in.get(EVENTS, {"type": "new_tip"}).json()["items"]
    assert [item["id"] for item in by_type] == [tip.pk]
    since = logged_in.get(EVENTS, {"since_id": first.pk}).json()["items"]
    assert [item["id"] for item in since] == [last.pk, tip.pk]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"type": "nope"}, "invalid"),
        ({"since_id": 0}, "invalid"),
        ({"limit": 101}, "invalid"),
        ({"account_id": "x"}, "invalid"),
        ({"cursor": "garbage"}, "invalid_cursor"),
    ],
)
def test_bad_input_is_a_clear_422(logged_in, account, params, code):
    record(account, "1")
    response = logged_in.get(EVENTS, params)
    assert response.status_code == 422
    assert response.json()["code"] == code


def test_a_cursor_of_another_list_is_refused(logged_in, account):
    for _ in range(2):
        make_earning(account)
    cursor = logged_in.get("/api/onlyfans/earnings", {"limit": 1}).json()["next_cursor"]
    response = logged_in.get(EVENTS, {"cursor": cursor})
    assert (response.status_code, response.json()["code"]) == (422, "invalid_cursor")


def test_other_tenants_events_are_invisible(client, account):
    record(account, "secret")
    intruder = make_user("intruder")
    make_account(make_team("B", owner=intruder))
    client.force_login(intruder)
    assert client.get(EVENTS).json()["items"] == []
    response = client.get(EVENTS, {"account_id": account.pk})
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_a_token_reads_its_teams_events_only(client, owner, team, account):
    other_team = make_team("Other", owner=owner)
    record(make_account(other_team), "elsewhere")
    mine = record(account, "mine")
    secret = make_token_secret(owner, team)
    body = client.get(EVENTS, headers=bearer(secret)).json()
    assert [item["id"] for item in body["items"]] == [mine.pk]


def test_needs_authentication(client):
    response = client.get(EVENTS)
    assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")


def test_a_list_costs_fixed_queries(logged_in, account, django_assert_max_num_queries):
    for n in range(30):
        record(account, str(n))
    with django_assert_max_num_queries(8):
        assert len(logged_in.get(EVENTS, {"account_id": account.pk}).json()["items"]) == 30
