"""Team notes: adding on a fan or a chat, mention parsing (who is linked and who is not), delete
rights, mentions read state, tenants, and notes staying out of the suggestion prompts."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from huntaze.accounts.services import membership_set
from huntaze.audit.models import AuditEvent
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError, ValidationError
from huntaze.core.tests.factories import (
    make_account,
    make_chat_with_messages,
    make_fan,
    make_member,
    make_team,
    make_user,
)
from huntaze.inbox.suggestions.context import suggestion_context_build
from huntaze.inbox.suggestions.llm import prompt_messages
from huntaze.notes.models import Mention, Note
from huntaze.notes.selectors import chat_notes, mention_list, mention_unread_count, mentioned_users
from huntaze.notes.services import mention_read_mark, mentions_read_all, note_create, note_delete

pytestmark = pytest.mark.django_db


@pytest.fixture
def chat(account):
    return make_chat_with_messages(account, make_fan(account, display_name="Jessica"))


@pytest.fixture
def people(team, account):
    """A manager, a chatter on the account, a chatter on another account, a stranger."""
    return {
        "manager": membership_set(team=team, user=make_user("maya"), role="manager").user,
        "chatter": make_member(team, "chatter", accounts=[account]),
        "elsewhere": make_member(team, "chatter", accounts=[make_account(team)]),
        "stranger": make_team("B", owner=make_user("sam")).memberships.get().user,
    }


def test_a_note_on_the_fan_and_one_on_the_chat_are_shown_apart_and_audited(owner, chat):
    on_fan = note_create(user=owner, chat_id=chat.pk, on="fan", body="Birthday in June")
    on_chat = note_create(user=owner, chat_id=chat.pk, on="chat", body="Asked for a custom video")
    assert (on_fan.fan_id, on_fan.chat_id, on_fan.account_id) == (chat.fan_id, None, chat.account_id)
    assert (on_chat.fan_id, on_chat.chat_id) == (None, chat.pk)
    notes = chat_notes(user=owner, chat_id=chat.pk)
    assert ([n.body for n in notes.fan_notes], [n.body for n in notes.chat_notes]) == (
        ["Birthday in June"],
        ["Asked for a custom video"],
    )
    event = AuditEvent.objects.get(action="note.create", target_id=str(on_chat.pk))
    assert (event.after["on"], event.after["body"], event.account_id) == (
        "chat",
        "Asked for a custom video",
        chat.account_id,
    )


def test_a_note_is_on_exactly_one_of_fan_and_chat(account, chat):
    for fan, target in ((chat.fan, chat), (None, None)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Note.objects.create(account=account, fan=fan, chat=target, body="x")


@pytest.mark.parametrize(
    ("on", "body"), [("fan", ""), ("fan", "  \n"), ("fan", "x" * 5001), ("both", "hello")]
)
def test_bad_notes_are_refused_and_nothing_is_written(owner, chat, on, body):
    with pytest.raises(ValidationError):
        note_create(user=owner, chat_id=chat.pk, on=on, body=body)
    assert not Note.objects.exists()
    assert not AuditEvent.objects.filter(action="note.create").exists()


def test_mentions_link_only_members_who_can_see_the_account(owner, account, chat, people):
    chatter = people["chatter"].username
    body = (
        f"@Maya and @{chatter}. Not @{people['elsewhere'].username}, not @sam (other team), "
        "not @nobody, not mail@maya or @owner (the author)."
    )
    note = note_create(user=owner, chat_id=chat.pk, on="chat", body=body)
    linked = set(note.mentions.values_list("user__username", flat=True))
    assert linked == {"maya", chatter}
    assert AuditEvent.objects.get(action="note.create").after["mentions"] == sorted(linked)
    # Someone outside the account is never linked, whether they exist or not: same answer.
    assert mentioned_users(body="@sam @nobody", account=account) == []


def test_an_inactive_member_is_not_mentioned(account, people):
    maya = people["manager"]
    maya.is_active = False
    maya.save()
    assert mentioned_users(body="@maya", account=account) == []


def test_mentions_view_lists_unread_first_and_marks_read(owner, account, chat, people):
    maya = people["manager"]
    first = note_create(user=owner, chat_id=chat.pk, on="fan", body="@maya first")
    second = note_create(user=owner, chat_id=chat.pk, on="chat", body="@maya second")
    assert mention_unread_count(user=maya) == 2
    read = mention_read_mark(user=maya, mention_id=first.mentions.get().pk)
    assert read.read_at is not None
    assert [m.note_id for m in mention_list(user=maya)] == [second.pk, first.pk]
    assert mention_list(user=maya)[0].link_chat_id == chat.pk
    assert mention_list(user=maya)[1].link_chat_id == chat.pk  # a fan note links to the fan's chat
    assert mention_unread_count(user=maya) == 1
    assert mentions_read_all(user=maya) == 1
    assert mention_unread_count(user=maya) == 0
    assert AuditEvent.objects.filter(action="mention.read", actor_id=maya.pk).count() == 2
    assert mention_list(user=owner) == []


def test_a_mention_is_only_its_users_and_only_while_they_see_the_account(owner, team, account, chat, people):
    mention = note_create(
        user=owner, chat_id=chat.pk, on="chat", body=f"@{people['chatter'].username}"
    ).mentions.get()
    for other in (owner, people["manager"], people["stranger"]):
        with pytest.raises(NotFoundError):
            mention_read_mark(user=other, mention_id=mention.pk)
    # The chatter loses the account: the mention disappears from their view and count.
    membership = people["chatter"].memberships.get(team=team)
    membership.accounts.clear()
    assert mention_unread_count(user=people["chatter"]) == 0
    assert mention_list(user=people["chatter"]) == []
    assert Mention.objects.get().read_at is None


def test_only_the_author_or_an_owner_deletes_a_note(owner, chat, people):
    note = note_create(user=people["chatter"], chat_id=chat.pk, on="fan", body="mine @maya")
    with pytest.raises(PermissionDeniedError):
        note_delete(user=people["manager"], note_id=note.pk)
    with pytest.raises(NotFoundError):
        note_delete(user=people["stranger"], note_id=note.pk)
    with pytest.raises(NotFoundError):
        note_delete(user=people["elsewhere"], note_id=note.pk)
    note_delete(user=people["chatter"], note_id=note.pk)
    assert not Mention.objects.exists()
    again = note_create(user=people["chatter"], chat_id=chat.pk, on="fan", body="again")
    note_delete(user=owner, note_id=again.pk)
    assert not Note.objects.exists()
    events = AuditEvent.objects.filter(action="note.delete")
    assert [event.before["body"] for event in events.order_by("pk")] == ["mine @maya", "again"]


def test_other_tenants_cannot_read_or_write_notes(chat, people):
    for user in (people["stranger"], people["elsewhere"]):
        with pytest.raises(NotFoundError):
            chat_notes(user=user, chat_id=chat.pk)
        with pytest.raises(NotFoundError):
            note_create(user=user, chat_id=chat.pk, on="fan", body="hello")
    assert not Note.objects.exists()


def test_notes_never_reach_the_suggestion_context(owner, chat):
    secret = "SECRET-TEAM-NOTE do not show"
    note_create(user=owner, chat_id=chat.pk, on="fan", body=secret)
    note_create(user=owner, chat_id=chat.pk, on="chat", body=secret)
    context = suggestion_context_build(chat=chat, message=None)
    assert secret not in repr(context)
    assert secret not in repr(prompt_messages(context))  # what an LLM server would receive
