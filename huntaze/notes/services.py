"""Writes of team notes: add (with its mentions), delete, mark mentions read. All audited.

Anyone who sees a chat adds notes to it and to its fan; only a note's author or a team owner
deletes one. Notes stay inside Huntaze: nothing here calls the connector.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huntaze.accounts.access import role_in_team
from huntaze.accounts.choices import Role
from huntaze.audit.services import audit_record_for_account_row
from huntaze.core.exceptions import PermissionDeniedError, ValidationError
from huntaze.inbox.selectors import chat_get
from huntaze.notes.models import BODY_MAX_LENGTH, Mention, Note
from huntaze.notes.selectors import mention_get, mentioned_users, mentions_visible, note_get

NOTE_ON_FAN, NOTE_ON_CHAT = "fan", "chat"


@transaction.atomic
def note_create(*, user: AbstractBaseUser, chat_id: int, on: str, body: str) -> Note:
    """Add a note about a chat's fan (``on="fan"``) or about the chat itself (``on="chat"``),
    linking the ``@username`` mentions of members who can see the account.

    ``NotFoundError`` for a chat the user cannot see; ``ValidationError`` for an empty or too long
    text or an unknown ``on``.
    """
    chat = chat_get(user=user, chat_id=chat_id)
    if on not in (NOTE_ON_FAN, NOTE_ON_CHAT):
        raise ValidationError(
            _("Choose whether the note is about the fan or this chat."), extra={"field": "on"}
        )
    if not body.strip() or len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            _("Write the note (at most %(max)d characters).") % {"max": BODY_MAX_LENGTH},
            extra={"field": "body"},
        )
    note = Note.objects.create(
        account_id=chat.account_id,
        fan_id=chat.fan_id if on == NOTE_ON_FAN else None,
        chat_id=chat.pk if on == NOTE_ON_CHAT else None,
        author=user,
        body=body,
    )
    note.account = chat.account
    people = [person for person in mentioned_users(body=body, account=chat.account) if person.pk != user.pk]
    Mention.objects.bulk_create([Mention(note=note, user=person) for person in people])
    audit_record_for_account_row(
        action="note.create",
        actor=user,
        target=note,
        after={
            "on": on,
            "fan_id": note.fan_id,
            "chat_id": note.chat_id,
            "body": body,
            "mentions": [person.get_username() for person in people],
        },
    )
    return note


@transaction.atomic
def note_delete(*, user: AbstractBaseUser, note_id: int) -> None:
    """Delete a note and its mentions (its author or a team owner; audited with the text).

    ``NotFoundError`` outside the user's access, ``PermissionDeniedError`` for anyone else.
    """
    note = note_get(user=user, note_id=note_id)
    if note.author_id != user.pk and role_in_team(user, note.account.team_id) != Role.OWNER:
        raise PermissionDeniedError(_("Only the note's author or a team owner can delete it."))
    audit_record_for_account_row(
        action="note.delete",
        actor=user,
        target=note,
        before={
            "fan_id": note.fan_id,
            "chat_id": note.chat_id,
            "body": note.body,
            "author_id": note.author_id,
        },
    )
    note.delete()


@transaction.atomic
def mention_read_mark(*, user: AbstractBaseUser, mention_id: int) -> Mention:
    """Mark one of the user's mentions read (audited; marking it again changes nothing).

    ``NotFoundError`` for a mention of someone else or on an account the user no longer sees.
    """
    mention = mention_get(user=user, mention_id=mention_id)
    if mention.read_at is None:
        mention.read_at = timezone.now()
        mention.save(update_fields=["read_at"])
        audit_record_for_account_row(
            action="mention.read", actor=user, target=mention.note, after={"mention_id": mention.pk}
        )
    return mention


@transaction.atomic
def mentions_read_all(*, user: AbstractBaseUser) -> int:
    """Mark every unread mention of the user read; returns how many (one audit event per note)."""
    unread = list(
        mentions_visible(user=user)
        .filter(read_at__isnull=True)
        .select_related("note__account")
        .order_by("pk")
    )
    now = timezone.now()
    for mention in unread:
        mention.read_at = now
        audit_record_for_account_row(
            action="mention.read", actor=user, target=mention.note, after={"mention_id": mention.pk}
        )
    Mention.objects.bulk_update(unread, ["read_at"])
    return len(unread)
