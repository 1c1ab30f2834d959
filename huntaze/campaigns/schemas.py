"""API shapes of campaigns, scheduled messages and sequence drafts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from huntaze.api.schemas import Id, storable_str
from huntaze.campaigns.exclusions import Exclusions
from huntaze.campaigns.models import NAME_MAX_LENGTH, Campaign
from huntaze.campaigns.selectors import CampaignProgress, campaign_progress
from huntaze.fans.schemas import FanOut
from huntaze.inbox.sending import DRAFTS_APPROVE_MAX, MEDIA_MAX, PRICE_MAX_CENTS, TEXT_MAX


class AccountParams(Schema):
    account_id: Id


class CampaignIn(Schema):
    account_id: Id
    name: storable_str(NAME_MAX_LENGTH, min_length=1)
    segment_id: Id
    text: storable_str(TEXT_MAX, min_length=1)
    price_cents: int = Field(0, ge=0, le=PRICE_MAX_CENTS, strict=True)
    media_ids: list[int] = Field(default_factory=list, max_length=MEDIA_MAX)
    exclusions: Exclusions = Field(default_factory=Exclusions)


class ProgressOut(Schema):
    total: int
    queued: int
    sending: int
    sent: int
    failed: int
    cancelled: int


class CampaignOut(Schema):
    id: int
    account_id: int
    name: str
    segment_id: int | None
    segment_name: str
    exclusions: dict[str, Any]
    text: str
    price_cents: int
    media_ids: list[int]
    status: str
    approved_by: str | None = Field(description="Username of the human who approved it.")
    approved_at: datetime | None
    recipient_count: int = Field(description="Recipients frozen at approval (0 for a draft).")
    stop_reason: str
    progress: ProgressOut | None = Field(description="Messages per state, once approved.")
    created_at: datetime

    @staticmethod
    def resolve_approved_by(campaign: Campaign) -> str | None:
        return campaign.approved_by.get_username() if campaign.approved_by_id else None

    @staticmethod
    def resolve_progress(campaign: Campaign) -> CampaignProgress | None:
        return None if campaign.status == "draft" else campaign_progress(campaign=campaign)


class CampaignReviewOut(Schema):
    recipient_count: int = Field(description="Pass it back as `recipient_count_seen` to approve.")
    sample: list[FanOut]
    exclusions: list[str]


class CampaignApproveIn(Schema):
    approved: bool = Field(strict=True, description="Must be `true`: the explicit approval.")
    recipient_count_seen: int = Field(ge=0, strict=True)
    override_reason: storable_str(500) = ""


class RecipientOut(Schema):
    fan_id: int
    fan_onlyfans_id: int = Field(alias="fan.onlyfans_id")
    outbound_id: int
    status: str = Field(alias="outbound.status")
    error_code: str = Field(alias="outbound.error_code")
    error_message: str = Field(alias="outbound.error_message")
    sent_at: datetime | None = Field(alias="outbound.sent_at")


class ScheduledOut(Schema):
    id: int
    account_id: int
    chat_id: int
    fan_id: int
    text: str
    price_cents: int
    media_ids: list[int]
    send_at: datetime | None
    status: str
    approved_by_id: int
    approved_at: datetime
    error_code: str
    error_message: str
    sent_at: datetime | None


class DraftOut(Schema):
    id: int
    account_id: int
    fan_id: int
    sequence_kind: str = Field(alias="enrollment.sequence.kind")
    step: int
    text: str
    due_at: datetime
    status: str
    outbound_id: int | None
    cancel_reason: str


class DraftsApproveIn(Schema):
    draft_ids: list[Id] = Field(min_length=1, max_length=DRAFTS_APPROVE_MAX)
    approved: bool = Field(strict=True, description="Must be `true`: the explicit approval.")
    override_reason: storable_str(500) = ""
