"""Team notes, mentions and saved replies are account data: exported, imported (users matched by
username), and purged with the account."""

from __future__ import annotations

import pytest

from huntaze.accounts.services import account_disconnect, membership_set
from huntaze.core.tests.factories import make_team, make_user, make_world
from huntaze.exports.services.importing import export_import
from huntaze.exports.tests.helpers import export_now, export_path, jsonl_rows, table_counts
from huntaze.notes.models import Mention, Note
from huntaze.notes.services import note_create
from huntaze.replies.models import SavedReply
from huntaze.replies.services import saved_reply_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked(owner, team):
    world = make_world(team)
    membership_set(team=team, user=make_user("maya"), role="manager")
    note_create(user=owner, chat_id=world["chat"].pk, on="fan", body="Birthday in June, tell @maya")
    note_create(user=owner, chat_id=world["chat"].pk, on="chat", body="Wants a custom")
    saved_reply_create(
        user=owner, account_id=world["account"].pk, title="Hi", shortcut="hi", body="{price}", price_cents=700
    )
    saved_reply_create(user=owner, team_id=team.pk, title="Team", shortcut="team", body="x")
    return world


def test_notes_mentions_and_the_accounts_own_replies_round_trip(owner, worked):
    path = export_path(export_now(owner, worked["account"]))
    assert [row["body"] for row in jsonl_rows(path, "notes.note")] == [
        "Birthday in June, tell @maya",
        "Wants a custom",
    ]
    assert [row["user_username"] for row in jsonl_rows(path, "notes.mention")] == ["maya"]
    assert [row["shortcut"] for row in jsonl_rows(path, "replies.savedreply")] == ["hi"]  # team-wide stay

    target_owner = make_user("target-owner")
    target = make_team("Target", owner=target_owner)
    maya_there = membership_set(team=target, user=make_user("maya2"), role="manager").user
    result = export_import(path=path, team=target)
    account = result.account
    assert result.rows["notes.note"] == 2
    assert result.rows["notes.mention"] == 1
    notes = {note.body: note for note in Note.objects.filter(account=account)}
    fan_note, chat_note = notes["Birthday in June, tell @maya"], notes["Wants a custom"]
    assert fan_note.fan.account_id == account.pk
    assert chat_note.chat.account_id == account.pk
    assert fan_note.author is None  # the first team's owner is no member here
    assert Mention.objects.get(note__account=account).user is None  # no "maya" in this team
    assert maya_there.username not in result.unmatched_users
    reply = SavedReply.objects.get(account=account)
    assert (reply.team_id, reply.shortcut, reply.price_cents, reply.created_by) == (
        target.pk,
        "hi",
        700,
        None,
    )


def test_the_purge_removes_them_and_keeps_team_wide_replies(owner, team, worked):
    account = worked["account"]
    account_disconnect(user=owner, account_id=account.pk, delete_data=True)
    counts = table_counts(account.pk)
    assert (counts["notes.note"], counts["notes.mention"], counts["replies.savedreply"]) == (0, 0, 0)
    assert SavedReply.objects.filter(team=team, account__isnull=True).count() == 1
