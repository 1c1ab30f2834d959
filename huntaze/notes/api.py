"""Team notes and mentions routes. Thin: parse, call one service or selector, return a schema.

Notes stay in Huntaze: these routes never reach OnlyFans.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from huntaze.api.schemas import Id
from huntaze.notes.models import Mention, Note
from huntaze.notes.schemas import ChatNotesOut, MentionOut, NoteIn, NoteOut
from huntaze.notes.selectors import ChatNotes, chat_notes, mention_list
from huntaze.notes.services import mention_read_mark, note_create, note_delete

router = Router()


@router.get("/chats/{chat_id}/notes", response=ChatNotesOut)
def notes_of_chat(request: HttpRequest, chat_id: Id) -> ChatNotes:
    """The newest team notes about a chat's fan and about the chat (50 of each)."""
    return chat_notes(user=request.user, chat_id=chat_id)


@router.post("/chats/{chat_id}/notes", response={201: NoteOut})
def notes_create(request: HttpRequest, chat_id: Id, payload: NoteIn) -> Status[Note]:
    """Add a team note; mentions of people who cannot see the account are not linked."""
    return Status(201, note_create(user=request.user, chat_id=chat_id, on=payload.on, body=payload.body))


@router.delete("/notes/{note_id}", response={204: None})
def notes_delete(request: HttpRequest, note_id: Id) -> Status[None]:
    """Delete a note (its author or a team owner)."""
    note_delete(user=request.user, note_id=note_id)
    return Status(204, None)


@router.get("/mentions", response=list[MentionOut])
def mentions_list(request: HttpRequest) -> list[Mention]:
    """The caller's mentions, unread first (the newest 100)."""
    return mention_list(user=request.user)


@router.post("/mentions/{mention_id}/read", response=MentionOut)
def mentions_read(request: HttpRequest, mention_id: Id) -> Mention:
    return mention_read_mark(user=request.user, mention_id=mention_id)
