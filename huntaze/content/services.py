"""Writes of synced posts and vault media (called by the sync engine)."""

from __future__ import annotations

from typing import Any

from huntaze.content.models import Content
from huntaze.core.db import bulk_upsert

CONTENT_REMOTE_FIELDS = (
    "text",
    "price_cents",
    "published_at",
    "media_type",
    "media_count",
    "likes_count",
    "comments_count",
    "tips_cents",
    "purchases_count",
    "is_archived",
    "raw",
)


def content_upsert_many(*, account_id: int, rows: list[dict[str, Any]]) -> int:
    return bulk_upsert(
        Content,
        [{**row, "account_id": account_id} for row in rows],
        unique_fields=("account", "kind", "onlyfans_id"),
        update_fields=CONTENT_REMOTE_FIELDS,
    )
