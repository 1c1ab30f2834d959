"""API shapes of team notes and mentions."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from huntaze.api.schemas import storable_str
from huntaze.notes.models import BODY_MAX_LENGTH, Mention, Note


class NoteIn(Schema):
    on: Literal["fan", "chat"] = Field(description="About the chat's fan, or about the chat itself.")
    body: storable_str(BODY_MAX_LENGTH, min_length=1) = Field(
        description="Text; `@username` mentions team members who can see the account."
    )


class NoteOut(Schema):
    id: int
    account_id: int
    fan_id: int | None
    chat_id: int | None
    author: str | None = Field(description="Username; null once the author is gone.")
    body: str
    mentions: list[str] = Field(description="Usernames of the members it mentions.")
    created_at: datetime

    @staticmethod
    def resolve_author(note: Note) -> str | None:
        return note.author.get_username() if note.author else None

    @staticmethod
    def resolve_mentions(note: Note) -> list[str]:
        return [mention.user.get_username() for mention in note.mentions.all() if mention.user]


class ChatNotesOut(Schema):
    fan_notes: list[NoteOut]
    chat_notes: list[NoteOut]


class MentionOut(Schema):
    id: int
    read_at: datetime | None
    note: NoteOut

    @staticmethod
    def resolve_note(mention: Mention) -> Note:
        return mention.note
