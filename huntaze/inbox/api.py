"""Inbox routes. Thin: parse, call the sending services, return a schema."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from huntaze.inbox.models import OutboundMessage, Suggestion
from huntaze.inbox.schemas import OutboundOut, SendManualIn, SuggestionOut, SuggestionsIn
from huntaze.inbox.sending import outbound_approve, outbound_send
from huntaze.inbox.suggestions.services import suggestions_generate

router = Router()


@router.post("/send/manual", response=OutboundOut)
def send_manual(request: HttpRequest, payload: SendManualIn) -> OutboundMessage:
    """Approve and send one message as the logged-in human, in this request.

    ``approved`` must be ``true``; ``idempotency_key`` makes a retried request return the first
    result instead of sending again. A send whose answer was lost stays ``sending`` until the
    next sync of the chat confirms it (502 with ``extra.ambiguous`` = true).
    """
    outbound = outbound_approve(request=request, **payload.dict())
    return outbound_send(outbound=outbound)


@router.post("/suggestions/generate", response=list[SuggestionOut])
def suggestions_create(request: HttpRequest, payload: SuggestionsIn) -> list[Suggestion]:
    """Three reply drafts (reply, upsell, re-engage) for the chat's latest fan message, or for
    ``message_id``. Drafts only: sending them still needs ``/send/manual``."""
    return suggestions_generate(user=request.user, chat_id=payload.chat_id, message_id=payload.message_id)
