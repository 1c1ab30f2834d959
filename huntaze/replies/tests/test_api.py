"""The saved replies JSON API: CRUD with roles and tenants, validation, the rendered search."""

from __future__ import annotations

import json

import pytest

from huntaze.api.tests.conftest import bearer
from huntaze.core.tests.factories import (
    make_chat_with_messages,
    make_fan,
    make_member,
    make_team,
    make_token_secret,
)
from huntaze.replies.models import SavedReply

pytestmark = pytest.mark.django_db
REPLIES = "/api/onlyfans/replies"
BODY = {
    "title": "Welcome",
    "shortcut": "welcome",
    "body": "Hi {fan.first_name}, {price}?",
    "price_cents": 900,
}


def send(client, method, url, body, **kwargs):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **kwargs)


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def test_crud_round_trip(logged_in, team, account):
    created = send(logged_in, "post", REPLIES, BODY | {"account_id": account.pk})
    assert created.status_code == 201
    reply = created.json()
    assert (reply["account_id"], reply["team_id"], reply["price_cents"]) == (account.pk, team.pk, 900)
    shared = send(logged_in, "post", REPLIES, BODY | {"team_id": team.pk, "shortcut": "hi"}).json()
    listed = logged_in.get(REPLIES, {"account_id": account.pk}).json()
    assert [r["shortcut"] for r in listed] == ["welcome", "hi"]  # the account's own first
    assert [r["id"] for r in logged_in.get(REPLIES, {"team_id": team.pk}).json()] == [shared["id"]]
    changed = send(logged_in, "put", f"{REPLIES}/{reply['id']}", BODY | {"title": "New", "price_cents": None})
    assert (changed.status_code, changed.json()["title"], changed.json()["price_cents"]) == (200, "New", None)
    assert logged_in.get(f"{REPLIES}/{reply['id']}").json()["title"] == "New"
    assert logged_in.delete(f"{REPLIES}/{reply['id']}").status_code == 204
    assert logged_in.get(f"{REPLIES}/{reply['id']}").status_code == 404


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"body": "Hi {fan.email}"}, "reply_variable_unknown"),
        ({"shortcut": "no spaces"}, "invalid"),
        ({"price_cents": 0}, "invalid"),
        ({"price_cents": "9"}, "invalid"),
        ({"title": "x\x00"}, "invalid"),
        ({"body": ""}, "invalid"),
    ],
)
def test_bad_input_is_a_422_with_a_code_and_nothing_is_saved(logged_in, account, changes, code):
    response = send(logged_in, "post", REPLIES, BODY | {"account_id": account.pk} | changes)
    assert (response.status_code, response.json()["code"]) == (422, code)
    assert not SavedReply.objects.exists()


def test_a_taken_shortcut_is_a_409(logged_in, account):
    send(logged_in, "post", REPLIES, BODY | {"account_id": account.pk})
    response = send(logged_in, "post", REPLIES, BODY | {"account_id": account.pk})
    assert (response.status_code, response.json()["code"]) == (409, "reply_shortcut_taken")


def test_chatter_roles_and_other_tenants(client, owner, team, account):
    chatter = make_member(team, "chatter", accounts=[account])
    client.force_login(chatter)
    assert send(client, "post", REPLIES, BODY | {"team_id": team.pk}).status_code == 403
    assert send(client, "post", REPLIES, BODY | {"account_id": account.pk}).status_code == 201
    other = make_team("B")
    headers = bearer(make_token_secret(other.memberships.get().user, other))
    reply_id = SavedReply.objects.get().pk
    assert client.get(f"{REPLIES}/{reply_id}", headers=headers).status_code == 404
    assert client.get(REPLIES, {"account_id": account.pk}, headers=headers).status_code == 404
    assert send(client, "put", f"{REPLIES}/{reply_id}", BODY, headers=headers).status_code == 404
    assert client.delete(f"{REPLIES}/{reply_id}", headers=headers).status_code == 404
    assert send(client, "post", REPLIES, BODY | {"team_id": team.pk}, headers=headers).status_code == 404


def test_search_renders_for_the_chat(logged_in, account):
    chat = make_chat_with_messages(account, make_fan(account, display_name="Jessica Moore"))
    send(logged_in, "post", REPLIES, BODY | {"account_id": account.pk})
    found = logged_in.get(f"{REPLIES}/search", {"chat_id": chat.pk, "q": "wel"}).json()
    assert [(m["text"], m["price_cents"], m["missing"]) for m in found] == [("Hi Jessica, $9?", 900, [])]
    priced = logged_in.get(f"{REPLIES}/search", {"chat_id": chat.pk, "price_cents": 1500}).json()
    assert priced[0]["text"] == "Hi Jessica, $15?"
    other = make_team("B")
    headers = bearer(make_token_secret(other.memberships.get().user, other))
    assert logged_in.get(f"{REPLIES}/search", {"chat_id": chat.pk}, headers=headers).status_code == 404
