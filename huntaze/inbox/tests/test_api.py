"""Inbox read and write routes: chats and messages pages, read state, assignment."""

from __future__ import annotations

import pytest
from django.db.models import F

from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import make_account, make_chat_with_messages, make_member, make_team
from huntaze.inbox.models import Chat
from huntaze.inbox.services import chat_upsert_many


@pytest.fixture
def inbox(client, owner, team, account):
    chats = [make_chat_with_messages(account, count=2) for _ in range(4)]
    client.force_login(owner)
    return chats


def test_chats_are_filtered_by_unread_state_and_assignee(client, owner, account, inbox):
    Chat.objects.filter(pk__in=[inbox[0].pk, inbox[1].pk]).update(unread_count=3)
    Chat.objects.filter(pk=inbox[1].pk).update(read_through_onlyfans_id=F("last_message_onlyfans_id"))
    Chat.objects.filter(pk=inbox[2].pk).update(assigned_to=owner)

    def ids(**params):
        response = client.get("/api/onlyfans/chats", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["items"]}

    assert ids(unread="true") == {inbox[0].pk}
    assert ids(unread="false") == {chat.pk for chat in inbox[1:]}
    assert ids(assigned_to=owner.pk) == {inbox[2].pk}
    assert ids(account_id=account.pk) == {chat.pk for chat in inbox}


def test_messages_come_newest_first(client, inbox):
    rows = client.get(f"/api/onlyfans/chats/{inbox[0].pk}/messages").json()["items"]
    assert [row["text"] for row in rows] == ["message 1", "message 0"]


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_counts_do_not_grow_with_rows(client, owner, account, django_assert_num_queries, rows):
    chats = [make_chat_with_messages(account, count=1) for _ in range(rows)]
    chat = make_chat_with_messages(account, count=rows)
    client.force_login(owner)
    # session + user, then: the response targets of the visible accounts (``sla_state``), chats
    # with a last message, those without (the list ends on this page), their fans
    with django_assert_num_queries(6):
        assert len(client.get("/api/onlyfans/chats").json()["items"]) == len(chats) + 1
    # ... the account check instead of the targets (its team comes with it)
    with django_assert_num_queries(6):
        client.get(f"/api/onlyfans/chats?account_id={account.pk}")
    # session + user, the chat, the page
    with django_assert_num_queries(4):
        assert len(client.get(f"/api/onlyfans/chats/{chat.pk}/messages").json()["items"]) == rows


def test_chat_read_marks_it_read_once_and_audits(client, inbox):
    Chat.objects.filter(pk=inbox[0].pk).update(unread_count=2)
    for _ in range(2):
        response = client.post(f"/api/onlyfans/chats/{inbox[0].pk}/read")
        assert response.status_code == 200
    body = response.json()
    assert (body["is_read_local"], body["unread"], body["unread_count"]) == (True, False, 2)
    assert AuditEvent.objects.filter(action="chat.read", target_id=str(inbox[0].pk)).count() == 1


def test_a_fan_message_after_marking_read_makes_the_chat_unread_again(client, account, inbox):
    chat = inbox[0]
    Chat.objects.filter(pk=chat.pk).update(unread_count=1)
    client.post(f"/api/onlyfans/chats/{chat.pk}/read")

    def unread_ids() -> set[int]:
        return {row["id"] for row in client.get("/api/onlyfans/chats", {"unread": "true"}).json()["items"]}

    assert chat.pk not in unread_ids()
    # What the sync writes when the fan speaks again: remote fields only.
    chat_upsert_many(
        account_id=account.pk,
        rows=[
            {
                "fan_id": chat.fan_id,
                "last_message_onlyfans_id": chat.last_message_onlyfans_id + 1,
                "last_message_at": chat.last_message_at,
                "unread_count": 2,
                "raw": {},
            }
        ],
    )
    assert chat.pk in unread_ids()
    chat.refresh_from_db()
    assert (chat.is_read_local, chat.is_unread) == (False, True)
    client.post(f"/api/onlyfans/chats/{chat.pk}/read")
    assert chat.pk not in unread_ids()


def test_owner_assigns_to_a_member_who_sees_the_account_and_unassigns(client, team, account, inbox):
    chatter = make_member(team, "chatter", accounts=[account])
    url = f"/api/onlyfans/chats/{inbox[0].pk}/assign"
    response = client.post(url, {"user_id": chatter.pk}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["assigned_to_id"] == chatter.pk
    assert (
        client.post(url, {"user_id": None}, content_type="application/json").json()["assigned_to_id"] is None
    )
    events = AuditEvent.objects.filter(action="chat.assign", target_id=str(inbox[0].pk)).order_by("id")
    assert [event.after for event in events] == [{"assigned_to": chatter.pk}, {"assigned_to": None}]


def test_assign_refuses_people_who_cannot_work_on_the_account(client, team, account, inbox):
    url = f"/api/onlyfans/chats/{inbox[0].pk}/assign"
    unassigned_chatter = make_member(team, "chatter", accounts=[make_account(team)])
    outsider = make_member(make_team("Other"), "owner")
    for user_id in (unassigned_chatter.pk, outsider.pk, 10**9):
        response = client.post(url, {"user_id": user_id}, content_type="application/json")
        assert response.status_code == 422
        assert response.json()["extra"] == {"field": "user_id"}
    assert Chat.objects.get(pk=inbox[0].pk).assigned_to_id is None


def test_chatters_assign_only_to_themselves(client, team, account, inbox):
    me = make_member(team, "chatter", accounts=[account])
    colleague = make_member(team, "chatter", accounts=[account])
    client.force_login(me)
    url = f"/api/onlyfans/chats/{inbox[0].pk}/assign"

    def assign(user_id):
        return client.post(url, {"user_id": user_id}, content_type="application/json")

    assert assign(colleague.pk).status_code == 403
    assert assign(me.pk).status_code == 200
    assert assign(None).status_code == 200  # giving back my own chat
    Chat.objects.filter(pk=inbox[0].pk).update(assigned_to=colleague)
    assert assign(None).status_code == 403  # not someone else's
    assert assign(me.pk).json()["assigned_to_id"] == me.pk


def test_a_chatter_does_not_see_chats_of_unassigned_accounts(client, team, account, inbox):
    other = make_account(team)
    hidden = make_chat_with_messages(other)
    client.force_login(make_member(team, "chatter", accounts=[account]))
    ids = {row["id"] for row in client.get("/api/onlyfans/chats").json()["items"]}
    assert ids == {chat.pk for chat in inbox}
    assert client.post(f"/api/onlyfans/chats/{hidden.pk}/read").status_code == 404
    assert client.get(f"/api/onlyfans/chats?account_id={other.pk}").status_code == 404
