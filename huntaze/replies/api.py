"""Saved replies routes. Thin: parse, call one service or selector, return a schema.

Everyone reads the replies of what they see; owners and managers manage their team's replies,
chatters their own per-account ones (``services``). Rendering never approves or sends anything.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from huntaze.api.schemas import Id
from huntaze.replies.models import SavedReply
from huntaze.replies.schemas import (
    SavedReplyIn,
    SavedReplyListParams,
    SavedReplyMatchOut,
    SavedReplyOut,
    SavedReplySearchParams,
    SavedReplyUpdateIn,
)
from huntaze.replies.selectors import ReplyMatch, saved_reply_get, saved_reply_list, saved_reply_search
from huntaze.replies.services import saved_reply_create, saved_reply_delete, saved_reply_update

router = Router()


@router.get("/replies", response=list[SavedReplyOut])
def replies_list(request: HttpRequest, params: Query[SavedReplyListParams]) -> list[SavedReply]:
    """An account's usable replies (``account_id``) or a team's team-wide ones (``team_id``)."""
    return list(saved_reply_list(user=request.user, account_id=params.account_id, team_id=params.team_id))


@router.post("/replies", response={201: SavedReplyOut})
def replies_create(request: HttpRequest, payload: SavedReplyIn) -> Status[SavedReply]:
    """Save a reply for one account or a whole team; an unknown variable is a 422."""
    reply = saved_reply_create(user=request.user, **payload.dict())
    return Status(201, reply)


@router.get("/replies/search", response=list[SavedReplyMatchOut])
def replies_search(request: HttpRequest, params: Query[SavedReplySearchParams]) -> list[ReplyMatch]:
    """Replies usable in a chat, rendered for its fan (what the composer's "/" search shows)."""
    return saved_reply_search(
        user=request.user, chat_id=params.chat_id, query=params.q, price_cents=params.price_cents
    )


@router.get("/replies/{reply_id}", response=SavedReplyOut)
def replies_detail(request: HttpRequest, reply_id: Id) -> SavedReply:
    return saved_reply_get(user=request.user, reply_id=reply_id)


@router.put("/replies/{reply_id}", response=SavedReplyOut)
def replies_update(request: HttpRequest, reply_id: Id, payload: SavedReplyUpdateIn) -> SavedReply:
    return saved_reply_update(user=request.user, reply_id=reply_id, **payload.dict())


@router.delete("/replies/{reply_id}", response={204: None})
def replies_delete(request: HttpRequest, reply_id: Id) -> Status[None]:
    saved_reply_delete(user=request.user, reply_id=reply_id)
    return Status(204, None)
