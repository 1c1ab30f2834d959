"""The attribution JSON API: figures, sales, reassignment, price guidance; roles, tenants, input."""

from __future__ import annotations

import json

import pytest

from huntaze.api.tests.conftest import bearer
from huntaze.attribution.models import SaleAttribution
from huntaze.attribution.services import attributions_refresh
from huntaze.core.tests.factories import make_member, make_team, make_token_secret, make_user

pytestmark = pytest.mark.django_db
PERFORMANCE, ATTRIBUTIONS = "/api/onlyfans/performance", "/api/onlyfans/attributions"


def post(client, url, body, **kwargs):
    return client.post(url, json.dumps(body), content_type="application/json", **kwargs)


@pytest.fixture
def credited(story):
    attributions_refresh(account_id=story.account.pk)
    return story


def test_performance_gives_each_member_and_the_unattributed_total(client, credited):
    story = credited
    client.force_login(story.owner)
    response = client.get(PERFORMANCE, {"account_id": story.account.pk, "days": 7})
    assert response.status_code == 200
    body = response.json()
    assert (body["unattributed_sales"], body["unattributed_cents"]) == (1, 2500)
    rows = {row["user_id"]: row for row in body["rows"]}
    assert rows[story.a.pk] | {"username": ""} == {
        "user_id": story.a.pk,
        "username": "",
        "messages_sent": 1,
        "median_response_seconds": None,
        "ppv_sent": 1,
        "ppv_bought": 1,
        "ppv_conversion": 100.0,
        "sales": 1,
        "revenue_cents": 1500,
        "on_shift_hours": 5.0,
        "revenue_per_hour_cents": 300,
    }
    assert rows[story.b.pk]["revenue_cents"] == 500


def test_a_chatter_token_reads_only_their_own_row(client, credited, team):
    story = credited
    client.force_login(story.b)
    body = client.get(PERFORMANCE, {"account_id": story.account.pk}).json()
    assert [row["user_id"] for row in body["rows"]] == [story.b.pk]
    assert body["unattributed_cents"] == 0
    sales = client.get(ATTRIBUTIONS, {"account_id": story.account.pk}).json()
    assert [sale["entry_id"] for sale in sales] == [story.tip.pk]


def test_sales_list_newest_first_with_their_credit(client, credited):
    story = credited
    secret = make_token_secret(story.owner, story.account.team)
    response = client.get(ATTRIBUTIONS, {"account_id": story.account.pk}, headers=bearer(secret))
    assert response.status_code == 200
    sales = response.json()
    assert [(s["entry_id"], s["chatter_id"], s["kind"]) for s in sales] == [
        (story.direct.pk, None, "message"),
        (story.tip.pk, story.b.pk, "tip"),
        (story.ppv.pk, story.a.pk, "message"),
    ]
    assert sales[2]["gross_cents"] == 1500
    assert sales[2]["message_id"] == story.ppv_message.pk


@pytest.mark.parametrize(
    "query",
    [{"days": 8}, {"start": "2026-03-02", "end": "2026-03-01"}, {"start": "2026-03-02"}, {"days": "x"}],
)
def test_a_bad_period_is_a_422(client, credited, query):
    client.force_login(credited.owner)
    response = client.get(PERFORMANCE, {"account_id": credited.account.pk, **query})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_owner_reassigns_through_the_api(client, credited):
    story = credited
    row = SaleAttribution.objects.get(entry=story.ppv)
    client.force_login(story.owner)
    response = post(client, f"{ATTRIBUTIONS}/{row.pk}/reassign", {"chatter_id": story.b.pk, "reason": "deal"})
    assert response.status_code == 200
    body = response.json()
    assert (body["chatter_id"], body["reassigned"], body["reason"]) == (story.b.pk, True, "deal")
    assert body["reassigned_by_id"] == story.owner.pk


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"chatter_id": None}, 422, "reason_required"),
        ({"chatter_id": None, "reason": "   "}, 422, "reason_required"),
        ({"chatter_id": None, "reason": "x" * 501}, 422, "invalid"),
        ({"chatter_id": None, "reason": "a\x00b"}, 422, "invalid"),
        ({"chatter_id": 0, "reason": "r"}, 422, "invalid"),
    ],
)
def test_reassign_refuses_bad_input_and_changes_nothing(client, credited, body, status, code):
    row = SaleAttribution.objects.get(entry=credited.ppv)
    client.force_login(credited.owner)
    response = post(client, f"{ATTRIBUTIONS}/{row.pk}/reassign", body)
    assert (response.status_code, response.json()["code"]) == (status, code)
    row.refresh_from_db()
    assert (row.chatter_id, row.reassigned) == (credited.a.pk, False)


def test_reassign_roles_and_tenants(client, credited, team):
    story = credited
    row = SaleAttribution.objects.get(entry=story.ppv)
    url, body = f"{ATTRIBUTIONS}/{row.pk}/reassign", {"chatter_id": None, "reason": "mine"}
    client.force_login(make_member(team, "manager"))
    assert post(client, url, body).json()["code"] == "permission_denied"
    client.force_login(story.a)
    assert post(client, url, body).status_code == 403
    outsider = make_user()
    make_team("Other", owner=outsider)
    client.force_login(outsider)
    assert post(client, url, body).status_code == 404
    assert client.get(PERFORMANCE, {"account_id": story.account.pk}).status_code == 404
    assert client.get(ATTRIBUTIONS, {"account_id": story.account.pk}).status_code == 404
    assert SaleAttribution.objects.get(pk=row.pk).reassigned is False
