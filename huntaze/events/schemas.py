"""API shapes of the event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from huntaze.api.schemas import Id, PageParams
from huntaze.events.choices import EventType
from huntaze.events.models import Event


class EventListParams(PageParams):
    account_id: Id | None = None
    type: EventType | None = None
    since_id: Id | None = Field(None, description="Only events recorded after this event id (exclusive).")


class EventOut(Schema):
    id: int
    account_id: int
    type: str
    source_id: str = Field(description="What happened, as OnlyFans identifies it (per type: see the docs).")
    occurred_at: datetime = Field(description="When it happened on OnlyFans.")
    created_at: datetime = Field(description="When Huntaze recorded it.")
    summary: str = Field(description="One sentence in the request's language.")
    payload: dict[str, Any] = Field(description="Fan id and name, amounts in cents, a text preview.")

    @staticmethod
    def resolve_summary(event: Event) -> str:
        return event.summary()
