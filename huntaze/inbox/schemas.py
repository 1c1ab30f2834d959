"""API shapes of the inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import StrictBool

from huntaze.api.schemas import Id, PageParams, storable_str
from huntaze.inbox.models import Chat
from huntaze.inbox.sla import chat_sla_state


class SendManualIn(Schema):
    chat_id: Id
    text: storable_str(5_000)
    price_cents: int = Field(0, ge=0, le=200_00)
    media_ids: list[int] = Field(default_factory=list, max_length=20)
    suggestion_id: Id | None = None
    idempotency_key: storable_str(80, min_length=8)
    # Strict: only a JSON ``true`` approves ("true", 1 or "yes" are refused).
    approved: StrictBool
    override_reason: storable_str(500) = ""
    # With a time zone; empty sends now. A scheduled message is sent by the worker at that time.
    send_at: datetime | None = None


class OutboundOut(Schema):
    id: int
    chat_id: int
    status: str
    text: str
    price_cents: int
    media_ids: list[int]
    approved_at: datetime
    send_at: datetime | None
    sent_at: datetime | None
    onlyfans_message_id: int | None
    error_code: str


class SuggestionsIn(Schema):
    chat_id: int
    message_id: int | None = None


class SuggestionOut(Schema):
    id: int
    chat_id: int
    message_id: int | None
    intent: str
    text: str
    price_cents: int | None
    rationale: str
    source: str
    engine: str
    status: str


class ChatListParams(PageParams):
    account_id: Id | None = None
    unread: bool | None = Field(None, description="Unread on OnlyFans and not marked read in Huntaze.")
    assigned_to: Id | None = Field(None, description="A user id.")
    assignee: Literal["all", "mine", "unassigned"] = Field(
        "all", description="The inbox switch: assigned to the caller, to nobody, or all."
    )
    sort: Literal["recent", "needs_reply"] = Field(
        "recent",
        description="recent: latest message first. needs_reply (needs account_id): only chats waiting "
        "for a reply, overdue then at risk then on time, the fan's spend tier highest first, then the "
        "longest wait.",
    )


class ChatFanOut(Schema):
    id: int
    onlyfans_id: int
    username: str
    display_name: str


class ChatOut(Schema):
    id: int
    account_id: int
    fan: ChatFanOut
    last_message_at: datetime | None
    unread_count: int
    is_read_local: bool
    unread: bool
    assigned_to_id: int | None
    pinned: bool
    awaiting_reply_since: datetime | None = Field(description="The first fan message not answered yet.")
    sla_state: Literal["ok", "at_risk", "breached"] | None = Field(
        description="Against the team's response targets; null when nothing waits."
    )

    @staticmethod
    def resolve_unread(chat: Chat) -> bool:
        return chat.is_unread

    @staticmethod
    def resolve_sla_state(chat: Chat) -> str | None:
        return chat_sla_state(chat=chat)


class ChatAssignmentOut(Schema):
    id: int
    chat_id: int
    assigned_to_id: int | None
    assigned_by_id: int | None = Field(description="null: the team's automatic assignment.")
    mode: str
    created_at: datetime


class ChatAssignIn(Schema):
    user_id: Id | None = Field(description="A team member who can work on the account, or null.")


class MessageOut(Schema):
    id: int
    chat_id: int
    onlyfans_id: int
    direction: str
    text: str
    sent_at: datetime
    price_cents: int
    is_free: bool
    is_purchased: bool
    is_opened: bool
    is_tip: bool
    tip_cents: int
    media_count: int
    media_kinds: list[str]
    is_deleted: bool
