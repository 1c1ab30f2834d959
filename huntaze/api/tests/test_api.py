"""The JSON API foundation: auth, tenant scoping, error shape, no secrets."""

from __future__ import annotations

from huntaze.accounts.services import account_status_set
from huntaze.core.tests.factories import SESSION, make_account, make_team


def test_health_needs_no_login(client, db):
    assert client.get("/api/health").json() == {"status": "ok"}


def test_api_requires_login(client, db):
    assert client.get("/api/accounts").status_code == 401


def test_accounts_list_is_scoped_and_has_no_session_material(client, owner, account):
    make_account(make_team("B"), username="foreign_creator")
    client.force_login(owner)
    response = client.get("/api/accounts")
    assert response.status_code == 200
    assert [row["username"] for row in response.json()] == ["luna_creates"]
    body = response.content.decode()
    for secret in SESSION.values():
        assert secret not in body


def test_foreign_account_is_404_with_the_error_shape(client, owner, account):
    foreign = make_account(make_team("B"))
    client.force_login(owner)
    response = client.get(f"/api/accounts/{foreign.pk}")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found.", "extra": {}}


def test_openapi_schema_is_served(client, db):
    schema = client.get("/api/openapi.json").json()
    assert "/api/accounts" in schema["paths"]


def test_sync_status_lists_health_of_visible_accounts(client, owner, account):
    make_account(make_team("B"), username="foreign_creator")
    client.force_login(owner)
    body = client.get("/api/onlyfans/sync/status").json()
    assert [row["account_id"] for row in body] == [account.pk]
    assert body[0]["state"] == "healthy"
    assert {s["stream"] for s in body[0]["streams"]} == {"fans", "chats", "content", "earnings"}


def test_sync_start_refuses_unknown_streams_and_foreign_accounts(client, owner, account):
    foreign = make_account(make_team("B"))
    client.force_login(owner)
    assert (
        client.post("/api/onlyfans/sync/bogus", {"account_id": account.pk}, "application/json").status_code
        == 404
    )
    response = client.post("/api/onlyfans/sync/fans", {"account_id": foreign.pk}, "application/json")
    assert response.status_code == 404


def test_sync_start_refuses_an_account_that_needs_reauth(client, owner, account):
    account_status_set(account=account, status="needs_reauth", reason="401")
    client.force_login(owner)
    response = client.post("/api/onlyfans/sync/fans", {"account_id": account.pk}, "application/json")
    assert (response.status_code, response.json()["code"]) == (409, "sync_not_allowed")


def test_metrics_exposes_sync_health_and_can_require_a_token(client, account, settings):
    body = client.get("/metrics").content.decode()
    assert f'huntaze_sync_health{{account="{account.pk}",state="healthy"}} 1.0' in body
    settings.HUNTAZE_METRICS_TOKEN = "t0ken"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer t0ken").status_code == 200
