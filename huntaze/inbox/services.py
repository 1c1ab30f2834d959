"""Writes of the inbox domain.

``chat_read_mark`` and ``chat_assign`` write Huntaze-owned chat fields for a person (audited).
The remote-owned writes (``chat_upsert_many``, ``message_upsert_many``) are called by the sync
engine only; Huntaze-owned chat fields (read state, assignment, pinned) are never in their
update sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.access import accessible_accounts, require_team_role
from huntaze.accounts.choices import Role
from huntaze.audit.services import audit_record_for_account_row
from huntaze.core.db import bulk_upsert
from huntaze.core.exceptions import PermissionDeniedError, ValidationError
from huntaze.fans.models import Fan
from huntaze.inbox.assignment import chat_assignment_record
from huntaze.inbox.models import Chat, Message, MessageRevision
from huntaze.inbox.selectors import chat_get
from huntaze.inbox.sla import chat_timers_refresh

CHAT_REMOTE_FIELDS = ("last_message_onlyfans_id", "last_message_at", "unread_count", "raw")
MESSAGE_REMOTE_FIELDS = (
    "direction",
    "text",
    "sent_at",
    "price_cents",
    "is_free",
    "is_purchased",
    "is_opened",
    "is_tip",
    "tip_cents",
    "media_count",
    "media_kinds",
    "remote_changed_at",
    "is_deleted",
    "raw",
)


@transaction.atomic
def chat_read_mark(*, user: AbstractBaseUser, chat_id: int) -> Chat:
    """Mark a chat read in Huntaze up to its latest message (audited; marking a read chat again
    changes nothing). A later fan message makes it unread again.

    Raises ``NotFoundError`` for a chat the user cannot see.
    """
    chat = chat_get(user=user, chat_id=chat_id)
    if not chat.is_read_local:
        before = chat.read_through_onlyfans_id
        chat.read_through_onlyfans_id = chat.last_message_onlyfans_id or 0
        chat.save(update_fields=["read_through_onlyfans_id", "updated_at"])
        audit_record_for_account_row(
            action="chat.read",
            actor=user,
            target=chat,
            before={"read_through_onlyfans_id": before},
            after={"read_through_onlyfans_id": chat.read_through_onlyfans_id},
        )
    return chat


@transaction.atomic
def chat_assign(*, user: AbstractBaseUser, chat_id: int, assignee_id: int | None) -> Chat:
    """Assign a chat to a person who can work on its account (even outside their shifts: it
    waits for them), or unassign it (``None``); audited and kept in the chat's history.

    Chatters may only take a chat themselves or give back their own. Raises ``NotFoundError``
    for a chat the user cannot see, ``PermissionDeniedError`` for a chatter assigning someone
    else and ``ValidationError`` for an assignee who cannot see the account.
    """
    chat = chat_get(user=user, chat_id=chat_id)
    role = require_team_role(user, team_id=chat.account.team_id, roles=tuple(Role.values))
    if role == Role.CHATTER:
        releases_own = assignee_id is None and chat.assigned_to_id in (None, user.pk)
        if assignee_id != user.pk and not releases_own:
            raise PermissionDeniedError(_("Chatters can only assign chats to themselves."))
    if assignee_id is not None:
        assignee = get_user_model().objects.filter(pk=assignee_id, is_active=True).first()
        works_there = accessible_accounts(assignee, ignore_shifts=True).filter(pk=chat.account_id)
        if assignee is None or not works_there.exists():
            raise ValidationError(_("This person cannot work on this account."), extra={"field": "user_id"})
    before = chat.assigned_to_id
    if before != assignee_id:
        chat.assigned_to_id = assignee_id
        chat.save(update_fields=["assigned_to", "updated_at"])
        audit_record_for_account_row(
            action="chat.assign",
            actor=user,
            target=chat,
            before={"assigned_to": before},
            after={"assigned_to": assignee_id},
        )
        chat_assignment_record(chat=chat, assigned_by=user)
    return chat


def chat_upsert_many(*, account_id: int, rows: list[dict[str, Any]]) -> dict[int, int]:
    """Upsert chats (one per fan) by ``fan_id``; returns ``{fan_id: chat pk}``.

    The fan's last activity (``Fan.last_message_at``, the fans list's "last activity" sort) is
    its chat's last message, remote-owned like it: written in the same call.
    """
    bulk_upsert(
        Chat,
        [{**row, "account_id": account_id} for row in rows],
        unique_fields=("account", "fan"),
        update_fields=CHAT_REMOTE_FIELDS,
    )
    active = [
        Fan(pk=row["fan_id"], last_message_at=row["last_message_at"])
        for row in rows
        if row["last_message_at"]
    ]
    Fan.objects.bulk_update(active, ["last_message_at"])
    chats = Chat.objects.filter(account_id=account_id, fan_id__in={row["fan_id"] for row in rows}).order_by()
    return dict(chats.values_list("fan_id", "pk"))


@dataclass(frozen=True, slots=True)
class MessagePageResult:
    created: int
    edited: int
    deleted: int


def message_upsert_many(
    *, account_id: int, chat_id: int, fan_id: int, rows: list[dict[str, Any]], window: tuple[int, int] | None
) -> MessagePageResult:
    """Upsert one page of a chat's messages and record remote edits and deletions.

    ``window`` is the (lowest, highest) OnlyFans id range the page covers completely: a stored
    message of this chat inside it that the page lacks was deleted on OnlyFans. A message
    that reappears is undeleted by the upsert. Revisions keep the old text and price. The
    chat's response timers are then recomputed from its messages (``inbox.sla``): replies made
    on OnlyFans and sent through Huntaze both count.
    """
    ids = [row["onlyfans_id"] for row in rows]
    page_ids = set(ids)
    # One range read of the chat's stored messages answers both "which of the page's messages
    # are known" and "which known ones vanished"; scoped to the chat so the (chat, onlyfans_id)
    # index answers it per page, not per account.
    low, high = window or (0, -1)
    # Each branch names the chat so SQLite answers both from the (chat, onlyfans_id) index.
    wanted = Q(chat_id=chat_id, onlyfans_id__in=ids)  # in the window unless OnlyFans repeated one
    if window is not None:
        wanted |= Q(chat_id=chat_id, onlyfans_id__gte=low, onlyfans_id__lte=high)
    stored = Message.objects.filter(wanted).order_by()
    existing, vanished = {}, []
    for message in stored.only("pk", "onlyfans_id", "text", "price_cents", "is_deleted"):
        if message.onlyfans_id in page_ids:
            existing[message.onlyfans_id] = message
        elif not message.is_deleted and low <= message.onlyfans_id <= high:
            vanished.append(message)
    revisions = []
    for row in rows:
        old = existing.get(row["onlyfans_id"])
        if old is not None and (old.text != row["text"] or old.price_cents != row["price_cents"]):
            revisions.append(
                MessageRevision(
                    message_id=old.pk,
                    kind=MessageRevision.Kind.EDIT,
                    old_text=old.text,
                    new_text=row["text"],
                    old_price_cents=old.price_cents,
                    new_price_cents=row["price_cents"],
                    remote_changed_at=row.get("remote_changed_at"),
                )
            )
    bulk_upsert(
        Message,
        [
            {**row, "account_id": account_id, "chat_id": chat_id, "fan_id": fan_id, "is_deleted": False}
            for row in rows
        ],
        unique_fields=("account", "onlyfans_id"),
        update_fields=MESSAGE_REMOTE_FIELDS,
    )
    deleted = 0
    if vanished:
        for message in vanished:
            revisions.append(
                MessageRevision(
                    message_id=message.pk,
                    kind=MessageRevision.Kind.DELETE,
                    old_text=message.text,
                    old_price_cents=message.price_cents,
                    new_price_cents=message.price_cents,
                    remote_changed_at=timezone.now(),
                )
            )
        deleted = Message.objects.filter(pk__in=[m.pk for m in vanished]).update(is_deleted=True)
    if revisions:
        MessageRevision.objects.bulk_create(revisions)
    if rows or deleted:
        chat_timers_refresh(chat_ids=[chat_id])
    edited = len(revisions) - deleted
    return MessagePageResult(created=len(page_ids - existing.keys()), edited=edited, deleted=deleted)
