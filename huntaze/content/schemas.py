"""API shapes of posts and vault media."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema

from huntaze.api.schemas import Id, PageParams
from huntaze.content.models import ContentKind


class ContentListParams(PageParams):
    account_id: Id | None = None
    kind: ContentKind | None = None


class ContentOut(Schema):
    id: int
    account_id: int
    onlyfans_id: int
    kind: str
    text: str
    price_cents: int
    published_at: datetime | None
    media_type: str
    media_count: int
    likes_count: int
    comments_count: int
    tips_cents: int
    purchases_count: int
    is_archived: bool
