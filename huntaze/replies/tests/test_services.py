"""Saved replies: create/change/delete with roles and tenants, audit, and the composer's search."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from huntaze.audit.models import AuditEvent
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError, ValidationError
from huntaze.core.tests.factories import (
    make_account,
    make_chat_with_messages,
    make_fan,
    make_member,
    make_team,
)
from huntaze.replies.exceptions import ReplyShortcutTakenError, ReplyVariableUnknownError
from huntaze.replies.models import SavedReply
from huntaze.replies.selectors import saved_reply_list, saved_reply_search
from huntaze.replies.services import saved_reply_create, saved_reply_delete, saved_reply_update

pytestmark = pytest.mark.django_db
WELCOME = {"title": "Welcome", "shortcut": "welcome", "body": "Hey {fan.first_name}, welcome! 💕"}


@pytest.fixture
def chat(account):
    fan = make_fan(account, display_name="Jessica Moore", subscribed_at=timezone.now() - timedelta(days=3))
    return make_chat_with_messages(account, fan)


def test_owner_saves_team_wide_and_per_account_replies_audited(owner, team, account):
    shared = saved_reply_create(user=owner, team_id=team.pk, **WELCOME)
    own = saved_reply_create(user=owner, account_id=account.pk, **WELCOME | {"price_cents": 1500})
    assert (shared.team_id, shared.account_id, shared.created_by) == (team.pk, None, owner)
    assert (own.team_id, own.account_id, own.price_cents) == (team.pk, account.pk, 1500)
    event = AuditEvent.objects.get(action="saved_reply.create", target_id=str(own.pk))
    assert (event.team_id, event.account_id, event.actor_id) == (team.pk, account.pk, owner.pk)
    assert event.after["body"] == WELCOME["body"]
    assert AuditEvent.objects.get(action="saved_reply.create", target_id=str(shared.pk)).account_id is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"shortcut": "two words"}, "shortcut"),
        ({"shortcut": "-dash"}, "shortcut"),
        ({"shortcut": "x" * 41}, "shortcut"),
        ({"body": "  \n "}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"price_cents": 0}, "price_cents"),
        ({"price_cents": 20_001}, "price_cents"),
        ({"price_cents": True}, "price_cents"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_saved(owner, account, changes, field):
    with pytest.raises(ValidationError) as caught:
        saved_reply_create(user=owner, account_id=account.pk, **WELCOME | changes)
    assert caught.value.extra["field"] == field
    assert not SavedReply.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="saved_reply.").exists()


def test_an_unknown_variable_is_refused_on_save_and_on_change(owner, account):
    with pytest.raises(ReplyVariableUnknownError):
        saved_reply_create(user=owner, account_id=account.pk, **WELCOME | {"body": "Hi {fan.firstname}"})
    reply = saved_reply_create(user=owner, account_id=account.pk, **WELCOME)
    with pytest.raises(ReplyVariableUnknownError):
        saved_reply_update(
            user=owner, reply_id=reply.pk, **WELCOME | {"body": "{creator.email}", "price_cents": None}
        )
    reply.refresh_from_db()
    assert reply.body == WELCOME["body"]


def test_shortcuts_are_unique_per_scope_and_normalised(owner, team, account):
    saved_reply_create(user=owner, team_id=team.pk, **WELCOME)
    with pytest.raises(ReplyShortcutTakenError):
        saved_reply_create(user=owner, team_id=team.pk, **WELCOME | {"shortcut": "/WELCOME"})
    # The account's own version of a team-wide shortcut is allowed (listed first).
    own = saved_reply_create(user=owner, account_id=account.pk, **WELCOME | {"shortcut": "/Welcome"})
    assert own.shortcut == "welcome"
    with pytest.raises(ReplyShortcutTakenError):
        saved_reply_create(user=owner, account_id=account.pk, **WELCOME)
    other = saved_reply_create(user=owner, account_id=account.pk, **WELCOME | {"shortcut": "bye"})
    with pytest.raises(ReplyShortcutTakenError):
        saved_reply_update(user=owner, reply_id=other.pk, **WELCOME | {"price_cents": None})


def test_exactly_one_scope_is_required(owner, team, account):
    for scope in ({}, {"team_id": team.pk, "account_id": account.pk}):
        with pytest.raises(ValidationError):
            saved_reply_create(user=owner, **WELCOME, **scope)


def test_chatters_manage_only_their_own_per_account_replies(owner, team, account):
    chatter = make_member(team, "chatter", accounts=[account])
    with pytest.raises(PermissionDeniedError):
        saved_reply_create(user=chatter, team_id=team.pk, **WELCOME)
    mine = saved_reply_create(user=chatter, account_id=account.pk, **WELCOME)
    saved_reply_update(user=chatter, reply_id=mine.pk, **WELCOME | {"title": "Hi", "price_cents": 900})
    owners = saved_reply_create(user=owner, account_id=account.pk, **WELCOME | {"shortcut": "owners"})
    team_wide = saved_reply_create(user=owner, team_id=team.pk, **WELCOME)
    for reply in (owners, team_wide):
        with pytest.raises(PermissionDeniedError):
            saved_reply_update(user=chatter, reply_id=reply.pk, **WELCOME | {"price_cents": None})
        with pytest.raises(PermissionDeniedError):
            saved_reply_delete(user=chatter, reply_id=reply.pk)
    # The chatter reads them all, and the owner may change the chatter's.
    assert {r.pk for r in saved_reply_list(user=chatter, account_id=account.pk)} == {
        mine.pk,
        owners.pk,
        team_wide.pk,
    }
    saved_reply_delete(user=owner, reply_id=mine.pk)
    assert AuditEvent.objects.filter(action="saved_reply.delete", actor_id=owner.pk).count() == 1


def test_other_tenants_and_unassigned_accounts_are_not_found(owner, team, account):
    reply = saved_reply_create(user=owner, account_id=account.pk, **WELCOME)
    shared = saved_reply_create(user=owner, team_id=team.pk, **WELCOME)
    stranger_team = make_team("B")
    stranger = stranger_team.memberships.get().user
    other_account = make_account(team)
    chatter = make_member(team, "chatter", accounts=[other_account])
    for user, reply_id in ((stranger, reply.pk), (stranger, shared.pk), (chatter, reply.pk)):
        with pytest.raises(NotFoundError):
            saved_reply_update(user=user, reply_id=reply_id, **WELCOME | {"price_cents": None})
        with pytest.raises(NotFoundError):
            saved_reply_delete(user=user, reply_id=reply_id)
    with pytest.raises(NotFoundError):
        saved_reply_create(user=stranger, account_id=account.pk, **WELCOME)
    with pytest.raises(NotFoundError):
        saved_reply_create(user=stranger, team_id=team.pk, **WELCOME)
    with pytest.raises(NotFoundError):
        saved_reply_list(user=chatter, account_id=account.pk)
    assert SavedReply.objects.count() == 2


def test_search_renders_the_chats_account_and_team_replies_only(owner, team, account, chat):
    saved_reply_create(user=owner, account_id=account.pk, **WELCOME | {"price_cents": 1200})
    saved_reply_create(user=owner, team_id=team.pk, **WELCOME | {"body": "Team hi {fan.first_name} {price}"})
    saved_reply_create(user=owner, team_id=team.pk, title="Unlock", shortcut="ppv", body="{price} for you")
    other = make_account(team)
    saved_reply_create(user=owner, account_id=other.pk, **WELCOME | {"shortcut": "wel-other"})
    stranger_team = make_team("B", owner=None)
    saved_reply_create(
        user=stranger_team.memberships.get().user, team_id=stranger_team.pk, **WELCOME | {"shortcut": "welx"}
    )

    matches = saved_reply_search(user=owner, chat_id=chat.pk, query="wel")
    assert [(m.reply.shortcut, m.reply.account_id, m.text, m.price_cents) for m in matches] == [
        ("welcome", account.pk, "Hey Jessica, welcome! 💕", 1200),
        ("welcome", None, "Team hi Jessica {price}", None),
    ]
    assert matches[1].missing == ("price",)
    # The composer's price wins over a default; the title matches too; no query lists everything.
    unlock = saved_reply_search(user=owner, chat_id=chat.pk, query="UNLO", price_cents=2500)
    assert [(m.text, m.price_cents) for m in unlock] == [("$25 for you", 2500)]
    assert len(saved_reply_search(user=owner, chat_id=chat.pk)) == 3


def test_search_in_another_tenants_chat_is_not_found(owner, account, chat):
    stranger = make_team("B").memberships.get().user
    with pytest.raises(NotFoundError):
        saved_reply_search(user=stranger, chat_id=chat.pk, query="")
