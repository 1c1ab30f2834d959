"""Tokens can expire: created with a number of days, refused with a 401 once that time is past."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from huntaze.api.services import api_token_create
from huntaze.api.tests.conftest import bearer
from huntaze.audit.models import AuditEvent
from huntaze.core.exceptions import ValidationError
from huntaze.core.tests.factories import make_team, make_user


@pytest.fixture
def owner_team(db):
    owner = make_user()
    return owner, make_team("T", owner=owner)


def test_an_expiring_token_works_until_its_time_then_gets_401(client, owner_team, monkeypatch):
    owner, team = owner_team
    token, secret = api_token_create(user=owner, team_id=team.pk, name="ci", expires_in_days=7)
    assert timedelta(days=7) - (token.expires_at - timezone.now()) < timedelta(minutes=1)
    assert client.get("/api/accounts", headers=bearer(secret)).status_code == 200
    later = token.expires_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get("/api/accounts", headers=bearer(secret))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_without_expiry_a_token_works_until_revoked(client, owner_team):
    owner, team = owner_team
    token, secret = api_token_create(user=owner, team_id=team.pk, name="ci")
    assert token.expires_at is None
    assert client.get("/api/accounts", headers=bearer(secret)).status_code == 200


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_an_expiry_out_of_range_is_refused(owner_team, days):
    owner, team = owner_team
    with pytest.raises(ValidationError):
        api_token_create(user=owner, team_id=team.pk, name="ci", expires_in_days=days)


def test_the_api_takes_and_shows_the_expiry_and_audits_it(client, owner_team):
    owner, team = owner_team
    client.force_login(owner)
    response = client.post(
        "/api/tokens",
        {"team_id": team.pk, "name": "ci", "expires_in_days": 30},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["expires_at"] is not None
    assert client.get("/api/tokens").json()[0]["expires_at"] == response.json()["expires_at"]
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.after["expires_at"] is not None
    bad = client.post(
        "/api/tokens",
        {"team_id": team.pk, "name": "ci", "expires_in_days": 0},
        content_type="application/json",
    )
    assert bad.status_code == 422
