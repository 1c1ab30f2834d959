"""API tokens: created once with their secret, hashed at rest, revocable, audited, team-bound."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from huntaze.accounts.models import Membership
from huntaze.api.models import ApiToken
from huntaze.api.services import api_token_create, api_token_revoke
from huntaze.api.tests.conftest import bearer
from huntaze.audit.models import AuditEvent
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError


def test_token_create_returns_the_secret_once_and_stores_only_its_hash(client, tenants):
    client.force_login(tenants["owner_a"])
    response = client.post(
        "/api/tokens", {"team_id": tenants["team_a"].pk, "name": "reports"}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    secret = body["secret"]
    token = ApiToken.objects.get(pk=body["id"])
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert body["prefix"] == token.prefix == secret[:8]
    assert secret not in repr(token.__dict__)
    listed = client.get("/api/tokens").json()
    assert [row["id"] for row in listed] == [token.pk]
    assert "secret" not in listed[0]
    assert secret not in client.get("/api/tokens").content.decode()


def test_token_create_and_revoke_are_audited(tenants):
    token, _ = api_token_create(user=tenants["owner_a"], team_id=tenants["team_a"].pk, name="ci")
    api_token_revoke(user=tenants["owner_a"], token_id=token.pk)
    api_token_revoke(user=tenants["owner_a"], token_id=token.pk)  # again: no second event
    events = AuditEvent.objects.filter(target_type="api.apitoken", target_id=str(token.pk))
    assert sorted(events.values_list("action", flat=True)) == ["api_token.create", "api_token.revoke"]
    assert all(event.team_id == tenants["team_a"].pk for event in events)


def test_chatters_cannot_create_tokens_and_other_teams_are_not_found(tenants):
    with pytest.raises(PermissionDeniedError):
        api_token_create(user=tenants["chatter_a"], team_id=tenants["team_a"].pk, name="x")
    with pytest.raises(NotFoundError):
        api_token_create(user=tenants["owner_a"], team_id=tenants["team_b"].pk, name="x")


def test_tokens_of_another_team_cannot_be_listed_or_revoked(client, tenants):
    foreign, _ = api_token_create(user=tenants["both"], team_id=tenants["team_b"].pk, name="b")
    client.force_login(tenants["owner_a"])
    assert client.get("/api/tokens").json() == []
    response = client.delete(f"/api/tokens/{foreign.pk}")
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_revoked_token_is_refused_at_once(client, tenants, token_a):
    assert client.get("/api/onlyfans/chats", headers=bearer(token_a)).status_code == 200
    token = ApiToken.objects.get()
    client.force_login(tenants["owner_a"])
    assert client.delete(f"/api/tokens/{token.pk}").status_code == 204
    client.logout()
    response = client.get("/api/onlyfans/chats", headers=bearer(token_a))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_token_dies_when_its_creator_leaves_the_team(client, tenants, token_a):
    Membership.objects.filter(user=tenants["both"], team=tenants["team_a"]).delete()
    assert client.get("/api/onlyfans/chats", headers=bearer(token_a)).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer hz_not-a-real-token-but-well-formed-0123456789abcdef", "Bearer ", "Bearer \x00", "Bearer é"],
)
def test_a_bad_bearer_header_is_401_even_with_a_session(client, tenants, header):
    client.force_login(tenants["owner_a"])
    response = client.get("/api/onlyfans/chats", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_a_token_cannot_manage_tokens(client, tenants, token_a):
    body = {"team_id": tenants["team_a"].pk, "name": "more"}
    response = client.post("/api/tokens", body, content_type="application/json", headers=bearer(token_a))
    assert response.status_code == 401
    assert client.get("/api/tokens", headers=bearer(token_a)).status_code == 401


def test_token_use_is_recorded(client, tenants, token_a):
    client.get("/api/onlyfans/chats", headers=bearer(token_a))
    assert ApiToken.objects.get().last_used_at is not None


def test_token_writes_need_no_csrf_but_session_writes_do(tenants, token_a):
    client = Client(enforce_csrf_checks=True)
    url = f"/api/onlyfans/fans/{tenants['a']['fan'].pk}/notes"
    response = client.put(
        url, {"notes": "likes cats"}, content_type="application/json", headers=bearer(token_a)
    )
    assert response.status_code == 200
    client.force_login(tenants["owner_a"])
    refused = client.put(url, {"notes": "x"}, content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (403, "csrf_failed")


def test_a_token_cannot_approve_or_send(client, tenants, token_a):
    body = {
        "chat_id": tenants["a"]["chat"].pk,
        "text": "hi",
        "idempotency_key": "script-key-0001",
        "approved": True,
    }
    response = client.post(
        "/api/onlyfans/send/manual", body, content_type="application/json", headers=bearer(token_a)
    )
    assert response.status_code == 403
    assert response.json()["code"] == "approval_outside_request"


def test_a_token_request_costs_one_query_for_auth(client, tenants, token_a, django_assert_num_queries):
    client.get("/api/onlyfans/earnings", headers=bearer(token_a))  # records last use
    with django_assert_num_queries(2):  # the token with its creator, the page
        assert client.get("/api/onlyfans/earnings", headers=bearer(token_a)).status_code == 200
