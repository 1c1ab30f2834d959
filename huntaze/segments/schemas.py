"""API shapes of segments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from huntaze.api.schemas import Id, storable_str
from huntaze.fans.schemas import FanOut
from huntaze.segments.models import NAME_MAX_LENGTH, Segment
from huntaze.segments.rules import SPEND_MAX_CENTS, Definition

Cents = Annotated[int, Field(ge=1, le=SPEND_MAX_CENTS, strict=True)]


class SegmentListParams(Schema):
    account_id: Id


class SegmentIn(Schema):
    account_id: Id
    name: storable_str(NAME_MAX_LENGTH, min_length=1)
    definition: Definition


class SegmentUpdateIn(Schema):
    name: storable_str(NAME_MAX_LENGTH, min_length=1)
    definition: Definition


class SegmentPreviewIn(Schema):
    account_id: Id
    definition: Definition


class SegmentOut(Schema):
    id: int
    account_id: int
    name: str
    builtin: str = Field(description="The built-in segment it started as; empty for segments people made.")
    definition: dict[str, Any]
    description: list[str] = Field(description="Each rule in words, in the request's language.")
    fan_count: int | None = Field(description="Fans in it at the last count (after each sync).")
    change: int | None = Field(
        description="Count minus yesterday's last count (account's time zone); null if unknown."
    )
    counted_at: datetime | None
    created_at: datetime
    fans_url: str = Field(description="The dashboard's fans table filtered to this segment.")

    @staticmethod
    def resolve_description(segment: Segment) -> list[str]:
        return segment.describe()

    @staticmethod
    def resolve_change(segment: Segment) -> int | None:
        return getattr(segment, "change", None)

    @staticmethod
    def resolve_fans_url(segment: Segment) -> str:
        return f"{reverse('fans:list')}?account={segment.account_id}&segment={segment.pk}"


class SegmentPreviewOut(Schema):
    fan_count: int
    sample: list[FanOut] = Field(description="Up to 20 of its biggest spenders.")


class SpendTiersParams(Schema):
    account_id: Id


class SpendTierMinimums(Schema):
    bronze: Cents
    silver: Cents
    gold: Cents
    platinum: Cents


class SpendTiersIn(Schema):
    team_id: Id | None = Field(None, description="Set the team's tiers (every account without its own).")
    account_id: Id | None = Field(None, description="Set one account's own tiers.")
    minimums_cents: SpendTierMinimums | None = Field(
        description="Minimum total spend of each tier in cents, ascending; null removes this level's own."
    )


class SpendTiersOut(Schema):
    account_id: int
    source: Literal["account", "team", "default"]
    minimums_cents: dict[str, int]
