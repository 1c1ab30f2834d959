"""API shapes of the inbox."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema
from pydantic import StrictBool


class SendManualIn(Schema):
    chat_id: int
    text: str = Field(max_length=5_000)
    price_cents: int = Field(0, ge=0, le=200_00)
    media_ids: list[int] = Field(default_factory=list, max_length=20)
    suggestion_id: int | None = None
    idempotency_key: str = Field(min_length=8, max_length=80)
    # Strict: only a JSON ``true`` approves ("true", 1 or "yes" are refused).
    approved: StrictBool
    override_reason: str = Field("", max_length=500)


class OutboundOut(Schema):
    id: int
    chat_id: int
    status: str
    text: str
    price_cents: int
    media_ids: list[int]
    approved_at: datetime
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
