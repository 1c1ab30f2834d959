"""The JSON API foundation: auth, tenant scoping, error shape, no secrets."""

from __future__ import annotations

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
