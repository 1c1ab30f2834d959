"""The webhooks JSON API: CRUD, secret, test event, delivery log; roles, tenants, validation."""

from __future__ import annotations

import json

import pytest

from huntaze.accounts.choices import Role
from huntaze.api.tests.conftest import bearer
from huntaze.core.tests.factories import make_member, make_team, make_token_secret, make_user
from huntaze.webhooks.models import Webhook
from huntaze.webhooks.selectors import webhook_secret
from huntaze.webhooks.services import webhook_deliveries_create, webhook_test_send

pytestmark = pytest.mark.django_db
WEBHOOKS = "/api/webhooks"


def post(client, url, body, **kwargs):
    return client.post(url, json.dumps(body), content_type="application/json", **kwargs)


def put(client, url, body, **kwargs):
    return client.put(url, json.dumps(body), content_type="application/json", **kwargs)


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def test_create_read_update_toggle_delete(logged_in, owner, team, receiver):
    created = post(
        logged_in,
        WEBHOOKS,
        {"team_id": team.pk, "name": "CRM", "url": receiver.url, "event_types": ["new_tip"]},
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["name"], body["enabled"], body["event_types"]) == ("CRM", True, ["new_tip"])
    assert "secret" not in body
    url = f"{WEBHOOKS}/{body['id']}"
    assert logged_in.get(WEBHOOKS, {"team_id": team.pk}).json()[0]["id"] == body["id"]
    assert logged_in.get(f"{url}/secret").json() == {
        "secret": webhook_secret(user=owner, webhook_id=body["id"])
    }

    changed = put(
        logged_in, url, {"name": "CRM 2", "url": receiver.url, "event_types": ["renewed", "expired"]}
    )
    assert changed.json()["event_types"] == ["expired", "renewed"]
    off = post(logged_in, f"{url}/enabled", {"enabled": False})
    assert off.json()["enabled"] is False
    old = logged_in.get(f"{url}/secret").json()["secret"]
    assert post(logged_in, f"{url}/secret", {}).json()["secret"] != old
    assert logged_in.delete(url).status_code == 204
    assert not Webhook.objects.exists()


def test_invalid_input_is_a_422_with_a_code(settings, logged_in, team):
    settings.HUNTAZE_WEBHOOKS_ALLOW_PRIVATE = False
    cases = [
        ({"url": "ftp://example.com"}, "webhook_url_invalid"),
        ({"url": "http://127.0.0.1/"}, "webhook_address_refused"),
        ({"event_types": ["nope"]}, "invalid"),
        ({"event_types": []}, "invalid"),
        ({"name": "x\u0000y"}, "invalid"),
    ]
    for change, code in cases:
        payload = {
            "team_id": team.pk,
            "name": "CRM",
            "url": "https://example.com",
            "event_types": ["new_tip"],
        }
        response = post(logged_in, WEBHOOKS, payload | change)
        assert response.status_code == 422, change
        assert response.json()["code"] == code
    assert not Webhook.objects.exists()


def test_other_teams_and_chatters_get_nothing(client, team, account, webhook):
    stranger = make_user()
    make_team("Other", owner=stranger)
    client.force_login(stranger)
    url = f"{WEBHOOKS}/{webhook.pk}"
    for response in (
        client.get(url),
        client.get(f"{url}/secret"),
        client.get(f"{url}/deliveries"),
        post(client, f"{url}/test", {}),
        client.delete(url),
        client.get(WEBHOOKS, {"team_id": team.pk}),
    ):
        assert response.status_code == 404
    chatter = make_member(team, Role.CHATTER, accounts=[account])
    client.force_login(chatter)
    assert client.get(WEBHOOKS, {"team_id": team.pk}).status_code == 403
    assert client.get(f"{url}/secret").status_code == 404
    assert Webhook.objects.filter(pk=webhook.pk).exists()


def test_a_token_of_another_team_cannot_reach_the_webhook(client, owner, webhook):
    other = make_team("Mine too", owner=owner)
    headers = bearer(make_token_secret(owner, other))
    assert client.get(f"{WEBHOOKS}/{webhook.pk}", headers=headers).status_code == 404
    assert (
        client.get(
            f"{WEBHOOKS}/{webhook.pk}", headers=bearer(make_token_secret(owner, webhook.team))
        ).status_code
        == 200
    )


def test_test_event_and_delivery_log(logged_in, account, webhook, receiver, make_event):
    receiver.statuses.append(500)
    tested = post(logged_in, f"{WEBHOOKS}/{webhook.pk}/test", {})
    assert tested.status_code == 200
    assert tested.json()["status"] == "failed"
    assert tested.json()["attempt_log"][0]["status_code"] == 500
    webhook_deliveries_create(event_ids=[make_event(account).pk])
    log = logged_in.get(f"{WEBHOOKS}/{webhook.pk}/deliveries", {"limit": 1})
    assert log.status_code == 200
    first = log.json()
    assert first["items"][0]["event_type"] == "new_tip"
    assert first["items"][0]["attempt_log"] == []
    second = logged_in.get(
        f"{WEBHOOKS}/{webhook.pk}/deliveries", {"limit": 1, "cursor": first["next_cursor"]}
    )
    assert second.json()["items"][0]["event_id"] is None
    assert second.json()["next_cursor"] is None
    failed = logged_in.get(f"{WEBHOOKS}/{webhook.pk}/deliveries", {"status": "failed"}).json()["items"]
    assert [item["event_type"] for item in failed] == ["test"]
    assert logged_in.get(f"{WEBHOOKS}/{webhook.pk}/deliveries", {"status": "nope"}).status_code == 422
    assert (
        logged_in.get(f"{WEBHOOKS}/{webhook.pk}/deliveries", {"cursor": "x"}).json()["code"]
        == "invalid_cursor"
    )


def test_the_delivery_log_costs_a_fixed_number_of_queries(
    logged_in, owner, account, webhook, receiver, make_event, django_assert_num_queries
):
    url = f"{WEBHOOKS}/{webhook.pk}/deliveries"
    webhook_deliveries_create(event_ids=[make_event(account, source_id=f"tx-{n}").pk for n in range(20)])
    for _ in range(3):
        webhook_test_send(user=owner, webhook_id=webhook.pk)
    logged_in.get(url)  # session and user loaded once
    # session, user, the webhook (team check inside), its deliveries, their attempts
    with django_assert_num_queries(5):
        assert len(logged_in.get(url).json()["items"]) == 23
