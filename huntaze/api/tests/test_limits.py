"""Body size, rate limit and hostile text: clear 4xx in the house error shape, never a 5xx."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from huntaze.api.tests.conftest import bearer
from huntaze.api.throttling import ApiRateThrottle
from huntaze.core.tests.factories import make_fan
from huntaze.fans.models import Fan


def test_an_oversized_body_is_refused_with_413(client, owner, account, settings):
    client.force_login(owner)
    url = "/api/onlyfans/fans/1/notes"
    body = json.dumps({"notes": "x" * settings.HUNTAZE_API_MAX_BODY_BYTES})
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "code": "payload_too_large",
        "message": "The request body is too large.",
        "extra": {"max_bytes": 64 * 1024},
    }


def test_the_body_limit_only_guards_the_api(client, owner, settings):
    settings.HUNTAZE_API_MAX_BODY_BYTES = 10
    client.force_login(owner)
    assert client.post("/logout/", {"padding": "x" * 100}).status_code != 413


@pytest.fixture
def frozen_window(monkeypatch, settings):
    """A rate of 3 a minute, a clean cache and a clock 20 s before the window ends."""
    settings.HUNTAZE_API_RATE_PER_MINUTE = 3
    cache.clear()
    monkeypatch.setattr(ApiRateThrottle, "timer", staticmethod(lambda: 6_000_040.0))
    yield
    cache.clear()


def test_the_rate_limit_answers_429_with_retry_after(client, owner, account, frozen_window):
    client.force_login(owner)
    assert [client.get("/api/accounts").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/accounts")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "20"
    assert refused.json() == {
        "code": "rate_limited",
        "message": "Too many requests: wait before trying again.",
        "extra": {"retry_after": 20},
    }


def test_the_rate_limit_counts_per_user_and_per_token(client, tenants, token_a, frozen_window):
    client.force_login(tenants["owner_a"])
    for _ in range(3):
        client.get("/api/accounts")
    assert client.get("/api/accounts").status_code == 429
    client.logout()
    assert [client.get("/api/accounts", headers=bearer(token_a)).status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    client.force_login(tenants["both"])  # the token's creator has a budget of their own
    assert client.get("/api/accounts").status_code == 200


def test_a_new_window_resets_the_count(client, owner, account, frozen_window, monkeypatch):
    client.force_login(owner)
    for _ in range(4):
        client.get("/api/accounts")
    monkeypatch.setattr(ApiRateThrottle, "timer", staticmethod(lambda: 6_000_060.0))
    assert client.get("/api/accounts").status_code == 200


HOSTILE = [
    "<script>alert(1)</script>",
    "' OR 1=1; DROP TABLE fans_fan; --",
    "{{ settings.SECRET_KEY }}",
    "../../etc/passwd",
    "\u202etxt.exe",
    "zero\u200bwidth",
    "🔥💋 ça va? 日本語",
    'quote " backslash \\ newline \n tab \t',
    "%00%27",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_round_trip_unchanged(client, owner, account, value):
    fan = make_fan(account)
    client.force_login(owner)
    notes = client.put(
        f"/api/onlyfans/fans/{fan.pk}/notes", {"notes": value}, content_type="application/json"
    )
    assert notes.status_code == 200
    assert notes.json()["notes"] == value
    tags = client.put(
        f"/api/onlyfans/fans/{fan.pk}/tags", {"tags": [value[:50]]}, content_type="application/json"
    )
    assert tags.status_code == 200
    tag = value[:50].strip().lower()
    assert tags.json()["tags"] == [tag]
    found = client.get("/api/onlyfans/fans", {"tag": tag}).json()["items"]
    assert [(row["id"], row["notes"]) for row in found] == [(fan.pk, value)]
    assert Fan.objects.get(pk=fan.pk).notes == value


@pytest.mark.parametrize("raw", ['{"notes": "a\\u0000b"}', '{"notes": "\\ud800"}', '{"notes": "x\\udfff"}'])
def test_text_a_database_cannot_store_is_a_422(client, owner, account, raw):
    fan = make_fan(account)
    client.force_login(owner)
    response = client.put(f"/api/onlyfans/fans/{fan.pk}/notes", raw, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_overlong_fields_are_422(client, owner, account):
    fan = make_fan(account)
    client.force_login(owner)
    url = f"/api/onlyfans/fans/{fan.pk}"
    assert (
        client.put(f"{url}/notes", {"notes": "x" * 10_001}, content_type="application/json").status_code
        == 422
    )
    assert client.put(f"{url}/tags", {"tags": ["x" * 51]}, content_type="application/json").status_code == 422
    assert (
        client.put(
            f"{url}/tags", {"tags": [str(i) for i in range(31)]}, content_type="application/json"
        ).status_code
        == 422
    )
    assert client.get("/api/onlyfans/fans", {"tag": "x\x00"}).status_code == 422


def test_error_messages_follow_the_requested_language(client, db):
    response = client.get("/api/onlyfans/chats", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["message"] == "Connectez-vous, ou envoyez un jeton d'API valide."
