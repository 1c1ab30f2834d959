"""Every route needs auth; nothing crosses tenants, for a session or a token."""

from __future__ import annotations

import re

import pytest

from huntaze.api.tests.conftest import bearer
from huntaze.config.api import api

PUBLIC = {("get", "/api/health")}


def _routes() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return sorted(
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if (method, path) not in PUBLIC
    )


@pytest.mark.parametrize(("method", "path"), _routes())
def test_every_route_is_401_without_auth(client, db, method, path):
    url = re.sub(r"\{[^}]+\}", "1", path)
    response = getattr(client, method)(url, {}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


# (method, url template, body): ``{x}`` (in the URL, or as a whole body value) is the pk of the
# world's row of that kind. Starting a sync is covered in test_api.py (it would enqueue a job).
FOREIGN = [
    ("get", "/api/accounts/{account}", None),
    ("get", "/api/onlyfans/chats?account_id={account}", None),
    ("get", "/api/onlyfans/chats/{chat}/messages", None),
    ("post", "/api/onlyfans/chats/{chat}/read", {}),
    ("post", "/api/onlyfans/chats/{chat}/assign", {"user_id": None}),
    ("get", "/api/onlyfans/fans?account_id={account}", None),
    ("put", "/api/onlyfans/fans/{fan}/tags", {"tags": ["vip"]}),
    ("put", "/api/onlyfans/fans/{fan}/notes", {"notes": "x"}),
    ("get", "/api/onlyfans/content?account_id={account}", None),
    ("get", "/api/onlyfans/earnings?account_id={account}", None),
    ("get", "/api/onlyfans/sync/status?account_id={account}", None),
    ("post", "/api/onlyfans/suggestions/generate", {"chat_id": "{chat}"}),
    ("post", "/api/onlyfans/auth/disconnect", {"account_id": "{account}"}),
]


def _call(client, world, method, template, body, headers):
    ids = {key: row.pk for key, row in world.items()}
    url = template.format(**ids)
    if body is None:
        return getattr(client, method)(url, headers=headers)
    filled = {key: ids.get(str(value).strip("{}"), value) for key, value in body.items()}
    return getattr(client, method)(url, filled, content_type="application/json", headers=headers)


@pytest.mark.parametrize(("method", "template", "body"), FOREIGN, ids=[f"{m} {t}" for m, t, _ in FOREIGN])
@pytest.mark.parametrize("auth", ["session", "token"])
def test_team_b_rows_are_not_found_from_team_a(client, tenants, token_a, auth, method, template, body):
    headers = {}
    if auth == "session":
        client.force_login(tenants["owner_a"])
    else:
        headers = bearer(token_a)
    own = _call(client, tenants["a"], method, template, body, headers)
    assert own.status_code < 400, own.content
    foreign = _call(client, tenants["b"], method, template, body, headers)
    assert foreign.status_code == 404
    assert foreign.json() == {"code": "not_found", "message": "Not found.", "extra": {}}


LISTS = [
    ("/api/accounts", "account"),
    ("/api/onlyfans/chats", "chat"),
    ("/api/onlyfans/fans", "fan"),
    ("/api/onlyfans/content", "content"),
    ("/api/onlyfans/earnings", "entry"),
    ("/api/onlyfans/sync/status", "account"),
]


def _ids(response, key: str) -> set[int]:
    body = response.json()
    rows = body["items"] if isinstance(body, dict) else body
    return {row["account_id" if key == "account" and "account_id" in row else "id"] for row in rows}


@pytest.mark.parametrize(("url", "key"), LISTS)
def test_a_token_of_team_a_lists_only_team_a_though_its_creator_sees_both(client, tenants, token_a, url, key):
    a, b = tenants["a"][key].pk, tenants["b"][key].pk
    by_token = _ids(client.get(url, headers=bearer(token_a)), key)
    assert a in by_token
    assert b not in by_token
    client.force_login(tenants["both"])
    assert {a, b} <= _ids(client.get(url), key)


def test_a_token_of_team_a_cannot_touch_team_b_though_its_creator_can(client, tenants, token_a):
    url = f"/api/onlyfans/fans/{tenants['b']['fan'].pk}/notes"
    assert (
        client.put(url, {"notes": "x"}, content_type="application/json", headers=bearer(token_a)).status_code
        == 404
    )
    client.force_login(tenants["both"])
    assert client.put(url, {"notes": "x"}, content_type="application/json").status_code == 200
