"""The team notes JSON API: notes of a chat, add with mentions, delete rights, mentions read state."""

from __future__ import annotations

import json

import pytest

from huntaze.accounts.services import membership_set
from huntaze.api.tests.conftest import bearer
from huntaze.core.tests.factories import (
    make_chat_with_messages,
    make_fan,
    make_team,
    make_token_secret,
    make_user,
)
from huntaze.notes.models import Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat(account):
    return make_chat_with_messages(account, make_fan(account))


def post(client, url, body, **kwargs):
    return client.post(url, json.dumps(body), content_type="application/json", **kwargs)


def test_notes_and_mentions_through_the_api(client, owner, team, chat):
    maya = membership_set(team=team, user=make_user("maya"), role="manager").user
    client.force_login(owner)
    created = post(client, f"/api/onlyfans/chats/{chat.pk}/notes", {"on": "fan", "body": "VIP, ask @maya"})
    assert created.status_code == 201
    assert (created.json()["fan_id"], created.json()["mentions"], created.json()["author"]) == (
        chat.fan_id,
        ["maya"],
        "owner",
    )
    listed = client.get(f"/api/onlyfans/chats/{chat.pk}/notes").json()
    assert ([n["body"] for n in listed["fan_notes"]], listed["chat_notes"]) == (["VIP, ask @maya"], [])
    client.force_login(maya)
    mentions = client.get("/api/onlyfans/mentions").json()
    assert [(m["read_at"], m["note"]["body"]) for m in mentions] == [(None, "VIP, ask @maya")]
    read = client.post(f"/api/onlyfans/mentions/{mentions[0]['id']}/read")
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    assert client.delete(f"/api/onlyfans/notes/{created.json()['id']}").status_code == 403
    client.force_login(owner)
    assert client.delete(f"/api/onlyfans/notes/{created.json()['id']}").status_code == 204
    assert not Note.objects.exists()


def test_bad_input_and_other_tenants(client, owner, chat):
    client.force_login(owner)
    for body in ({"on": "both", "body": "x"}, {"on": "fan", "body": ""}, {"on": "fan", "body": "x" * 5001}):
        assert post(client, f"/api/onlyfans/chats/{chat.pk}/notes", body).status_code == 422
    note = post(client, f"/api/onlyfans/chats/{chat.pk}/notes", {"on": "chat", "body": "x"}).json()
    other = make_team("B")
    headers = bearer(make_token_secret(other.memberships.get().user, other))
    assert client.get(f"/api/onlyfans/chats/{chat.pk}/notes", headers=headers).status_code == 404
    assert (
        post(
            client, f"/api/onlyfans/chats/{chat.pk}/notes", {"on": "fan", "body": "y"}, headers=headers
        ).status_code
        == 404
    )
    assert client.delete(f"/api/onlyfans/notes/{note['id']}", headers=headers).status_code == 404
    assert client.get("/api/onlyfans/mentions", headers=headers).json() == []
    assert Note.objects.count() == 1
