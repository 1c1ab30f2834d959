"""Inbox routes. Thin: parse, call one service or selector, return a schema."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from huntaze.api.schemas import Id, PageOut, PageParams
from huntaze.core.pagination import Page
from huntaze.inbox.assignment import chat_assignment_history
from huntaze.inbox.models import Chat, ChatAssignment, Message, OutboundMessage, Suggestion
from huntaze.inbox.schemas import (
    ChatAssignIn,
    ChatAssignmentOut,
    ChatListParams,
    ChatOut,
    MessageOut,
    OutboundOut,
    SendManualIn,
    SuggestionOut,
    SuggestionsIn,
)
from huntaze.inbox.selectors import chat_page, message_page
from huntaze.inbox.sending import outbound_approve, outbound_send
from huntaze.inbox.services import chat_assign, chat_read_mark
from huntaze.inbox.suggestions.services import suggestions_generate

router = Router()


@router.post("/send/manual", response=OutboundOut)
def send_manual(request: HttpRequest, payload: SendManualIn) -> OutboundMessage:
    """Approve and send one message as the logged-in human, in this request.

    ``approved`` must be ``true``; ``idempotency_key`` makes a retried request return the first
    result instead of sending again. A send whose answer was lost stays ``sending`` until the
    next sync of the chat confirms it (502 with ``extra.ambiguous`` = true). With ``send_at`` the
    approval covers that time and the message stays ``approved`` until the worker sends it.
    """
    outbound = outbound_approve(request=request, **payload.dict())
    return outbound_send(outbound=outbound)


@router.post("/suggestions/generate", response=list[SuggestionOut])
def suggestions_create(request: HttpRequest, payload: SuggestionsIn) -> list[Suggestion]:
    """Three reply drafts (reply, upsell, re-engage) for the chat's latest fan message, or for
    ``message_id``. Drafts only: sending them still needs ``/send/manual``."""
    return suggestions_generate(user=request.user, chat_id=payload.chat_id, message_id=payload.message_id)


@router.get("/chats", response=PageOut[ChatOut])
def chats_list(request: HttpRequest, params: Query[ChatListParams]) -> Page[Chat]:
    """Chats, latest message first, filtered by account, unread state or assignee; each with its
    response timer (``awaiting_reply_since``, ``sla_state``). ``sort=needs_reply`` lists one
    account's chats waiting for a reply, most urgent and most valuable fan first."""
    return chat_page(user=request.user, **params.dict())


@router.get("/chats/{chat_id}/messages", response=PageOut[MessageOut])
def chat_messages_list(request: HttpRequest, chat_id: Id, params: Query[PageParams]) -> Page[Message]:
    """A chat's messages, newest first (remotely deleted ones flagged ``is_deleted``)."""
    return message_page(user=request.user, chat_id=chat_id, **params.dict())


@router.post("/chats/{chat_id}/read", response=ChatOut)
def chat_read(request: HttpRequest, chat_id: Id) -> Chat:
    """Mark the chat read in Huntaze (OnlyFans' own unread count is left as it is)."""
    return chat_read_mark(user=request.user, chat_id=chat_id)


@router.get("/chats/{chat_id}/assignments", response=list[ChatAssignmentOut])
def chat_assignments_list(request: HttpRequest, chat_id: Id) -> list[ChatAssignment]:
    """The chat's assignment changes, newest first (the last 100): to whom, by whom (null: the
    team's automatic rule), how, when."""
    return list(chat_assignment_history(user=request.user, chat_id=chat_id)[:100])


@router.post("/chats/{chat_id}/assign", response=ChatOut)
def chat_assign_set(request: HttpRequest, chat_id: Id, payload: ChatAssignIn) -> Chat:
    """Assign the chat to a team member who can work on its account, or unassign it with null.
    Chatters may only take a chat themselves or give back their own."""
    return chat_assign(user=request.user, chat_id=chat_id, assignee_id=payload.user_id)
