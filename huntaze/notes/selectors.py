"""Reads of team notes and mentions, always through ``accounts.access``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from huntaze.accounts.access import accessible_accounts, get_for_user, role_in_team, scope_for_user
from huntaze.accounts.choices import Role
from huntaze.accounts.models import OnlyFansAccount
from huntaze.inbox.models import Chat
from huntaze.inbox.selectors import chat_get
from huntaze.notes.models import Mention, Note

NOTES_SHOWN = 50
MENTIONS_SHOWN = 100
MENTIONS_PER_NOTE_MAX = 20
# "@" then a Django username (letters, digits, and @ . + - _), not inside a word or an e-mail.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]{1,150})")


@dataclass(frozen=True, slots=True)
class ChatNotes:
    """The team notes the inbox shows beside one chat: on its fan, and on the chat itself."""

    chat: Chat
    fan_notes: list[Note]
    chat_notes: list[Note]
    deletes_any: bool  # team owners delete anyone's note; others only their own


def _with_people(notes: QuerySet[Note]) -> QuerySet[Note]:
    return notes.select_related("author").prefetch_related("mentions__user")


def chat_notes(*, user: AbstractBaseUser | None, chat_id: int) -> ChatNotes:
    """The newest notes on a chat's fan and on the chat (``NotFoundError`` if it is not visible)."""
    chat = chat_get(user=user, chat_id=chat_id)
    notes = _with_people(Note.objects.filter(account_id=chat.account_id)).order_by("-created_at", "-pk")
    return ChatNotes(
        chat=chat,
        fan_notes=list(notes.filter(fan_id=chat.fan_id)[:NOTES_SHOWN]),
        chat_notes=list(notes.filter(chat_id=chat.pk)[:NOTES_SHOWN]),
        deletes_any=role_in_team(user, chat.account.team_id) == Role.OWNER,
    )


def note_get(*, user: AbstractBaseUser | None, note_id: int) -> Note:
    """One note of an account the user sees, or ``NotFoundError``."""
    return get_for_user(Note.objects.select_related("account"), user=user, pk=note_id)


def mentioned_users(*, body: str, account: OnlyFansAccount) -> list[AbstractBaseUser]:
    """The people ``@username`` names in ``body`` who can see ``account`` (at most
    ``MENTIONS_PER_NOTE_MAX``), matched case-insensitively among the account team's active members.

    Anyone else, in another team or nowhere, is simply not linked: the answer is the same whether
    the name exists or not, so a note cannot probe who uses Huntaze.
    """
    names: list[str] = []
    for raw in MENTION.findall(body):
        for name in (raw, raw.rstrip(".@+-")):  # "@bob." at the end of a sentence
            if name and name.lower() not in names:
                names.append(name.lower())
    if not names:
        return []
    wanted = Q()
    for name in names[: MENTIONS_PER_NOTE_MAX * 2]:
        wanted |= Q(username__iexact=name)
    members = (
        get_user_model()
        .objects.filter(wanted, is_active=True, memberships__team_id=account.team_id)
        .order_by("username", "pk")
    )
    return [member for member in members if accessible_accounts(member).filter(pk=account.pk).exists()][
        :MENTIONS_PER_NOTE_MAX
    ]


def mentions_visible(*, user: AbstractBaseUser | None) -> QuerySet[Mention]:
    """The user's mentions on accounts they (still) see."""
    return scope_for_user(Mention.objects.filter(user_id=user.pk), user=user, via="note__account")


def mention_list(*, user: AbstractBaseUser) -> list[Mention]:
    """The user's mentions, unread first, newest first within each part."""
    fan_chat = Chat.objects.filter(fan_id=OuterRef("note__fan_id")).values("pk")[:1]
    mentions = (
        mentions_visible(user=user)
        .select_related("note__author", "note__account", "note__fan", "note__chat__fan")
        # Where the note shows: its chat, or its fan's chat (one per fan and account).
        .annotate(link_chat_id=Coalesce("note__chat_id", Subquery(fan_chat)))
        .order_by(F("read_at").desc(nulls_first=True), "-note__created_at", "-pk")
    )
    return list(mentions[:MENTIONS_SHOWN])


def mention_unread_count(*, user: AbstractBaseUser | None) -> int:
    """How many mentions the user has not read yet (one query: the nav's badge)."""
    if user is None or not user.is_authenticated:
        return 0
    return mentions_visible(user=user).filter(read_at__isnull=True).count()


def mention_get(*, user: AbstractBaseUser, mention_id: int) -> Mention:
    """One of the user's own mentions, or ``NotFoundError`` (also someone else's)."""
    return get_for_user(
        Mention.objects.filter(user_id=user.pk).select_related("note__account"),
        user=user,
        via="note__account",
        pk=mention_id,
    )
