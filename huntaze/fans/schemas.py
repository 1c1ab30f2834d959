"""API shapes of fans."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from huntaze.api.schemas import Id, PageParams, storable_str
from huntaze.fans.choices import SubscriptionStatus
from huntaze.fans.models import Fan
from huntaze.fans.selectors import FanSort
from huntaze.fans.services import NOTES_MAX_LENGTH, TAG_MAX_LENGTH, TAGS_PER_FAN_MAX


class FanListParams(PageParams):
    account_id: Id | None = None
    status: SubscriptionStatus | None = None
    tag: storable_str(TAG_MAX_LENGTH) | None = None
    sort: FanSort = Field("spend", description="`spend` (total, highest first) or `last_activity`.")


class FanOut(Schema):
    id: int
    account_id: int
    onlyfans_id: int
    username: str
    display_name: str
    subscription_status: str
    subscribed_at: datetime | None
    expires_at: datetime | None
    spend_total_cents: int
    spend_subscriptions_cents: int
    spend_tips_cents: int
    spend_messages_cents: int
    spend_posts_cents: int
    spend_streams_cents: int
    last_message_at: datetime | None
    tags: list[str]
    notes: str

    @staticmethod
    def resolve_tags(fan: Fan) -> list[str]:
        return sorted(tag.name for tag in fan.tags.all())


class FanTagsIn(Schema):
    tags: list[storable_str(TAG_MAX_LENGTH)] = Field(max_length=TAGS_PER_FAN_MAX)


class FanNotesIn(Schema):
    notes: storable_str(NOTES_MAX_LENGTH)
