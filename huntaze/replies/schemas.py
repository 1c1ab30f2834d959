"""API shapes of saved replies."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from huntaze.api.schemas import Id, storable_str
from huntaze.inbox.sending import PRICE_MAX_CENTS
from huntaze.replies.models import BODY_MAX_LENGTH, SHORTCUT_MAX_LENGTH, TITLE_MAX_LENGTH
from huntaze.replies.selectors import QUERY_MAX_LENGTH

PRICE_DESCRIPTION = "Default price in cents (1 to 20000), or null for none."


class SavedReplyListParams(Schema):
    account_id: Id | None = Field(
        None, description="Replies usable on this account: its own, then the team's."
    )
    team_id: Id | None = Field(None, description="Only this team's team-wide replies.")


class SavedReplyUpdateIn(Schema):
    title: storable_str(TITLE_MAX_LENGTH, min_length=1)
    shortcut: storable_str(SHORTCUT_MAX_LENGTH, min_length=1)
    body: storable_str(BODY_MAX_LENGTH, min_length=1) = Field(
        description="Text with variables: {fan.first_name}, {fan.name}, {fan.days_subscribed}, "
        "{creator.name}, {price}."
    )
    price_cents: int | None = Field(
        None, ge=1, le=PRICE_MAX_CENTS, strict=True, description=PRICE_DESCRIPTION
    )


class SavedReplyIn(SavedReplyUpdateIn):
    account_id: Id | None = Field(None, description="Save it for this account only…")
    team_id: Id | None = Field(None, description="…or for every account of this team (owners and managers).")


class SavedReplyOut(Schema):
    id: int
    team_id: int
    account_id: int | None = Field(description="Null: every account of the team uses it.")
    title: str
    shortcut: str
    body: str
    price_cents: int | None
    created_by_id: int | None
    created_at: datetime
    updated_at: datetime


class SavedReplySearchParams(Schema):
    chat_id: Id
    q: storable_str(QUERY_MAX_LENGTH) = Field("", description="Start of a shortcut, or part of a title.")
    price_cents: int | None = Field(
        None, ge=1, le=PRICE_MAX_CENTS, description="A price that wins over the replies' default prices."
    )


class SavedReplyMatchOut(Schema):
    reply: SavedReplyOut
    text: str = Field(description="The text rendered for the chat's fan; review it before approving.")
    price_cents: int | None
    missing: list[str] = Field(description="Variables left in the text for want of a value.")
