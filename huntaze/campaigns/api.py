"""Campaign, scheduled-message and sequence-draft routes. Thin: parse, call one function.

Approving (a campaign, drafts) goes through the approval gate, which refuses API tokens: scripts
read and cancel, only a logged-in human (session + CSRF) approves.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from huntaze.accounts.selectors import account_get
from huntaze.api.schemas import Id, PageOut, PageParams
from huntaze.campaigns.models import Campaign, CampaignRecipient, SequenceDraft
from huntaze.campaigns.schemas import (
    AccountParams,
    CampaignApproveIn,
    CampaignIn,
    CampaignOut,
    CampaignReviewOut,
    DraftOut,
    DraftsApproveIn,
    RecipientOut,
    ScheduledOut,
)
from huntaze.campaigns.selectors import (
    CampaignReview,
    campaign_get,
    campaign_list,
    campaign_recipient_page,
    campaign_review,
    draft_queue,
    scheduled_list,
)
from huntaze.campaigns.services import campaign_cancel, campaign_create
from huntaze.campaigns.tasks import campaign_send_enqueue, outbounds_send_enqueue
from huntaze.core.pagination import Page
from huntaze.inbox.models import OutboundMessage
from huntaze.inbox.sending import campaign_approve, outbound_cancel, sequence_drafts_approve

router = Router()


@router.get("/campaigns", response=list[CampaignOut])
def campaigns_list(request: HttpRequest, params: Query[AccountParams]) -> list[Campaign]:
    """An account's campaigns, newest first (at most 100)."""
    return list(campaign_list(account=account_get(user=request.user, account_id=params.account_id))[:100])


@router.post("/campaigns", response={201: CampaignOut})
def campaigns_create(request: HttpRequest, payload: CampaignIn) -> Status[Campaign]:
    """Write a draft campaign (owners and managers). Nothing is sent before it is approved."""
    campaign = campaign_create(
        user=request.user,
        account_id=payload.account_id,
        name=payload.name,
        segment_id=payload.segment_id,
        text=payload.text,
        price_cents=payload.price_cents,
        media_ids=payload.media_ids,
        exclusions=payload.exclusions,
    )
    return Status(201, campaign)


@router.get("/campaigns/{campaign_id}", response=CampaignOut)
def campaigns_detail(request: HttpRequest, campaign_id: Id) -> Campaign:
    return campaign_get(user=request.user, campaign_id=campaign_id)


@router.get("/campaigns/{campaign_id}/review", response=CampaignReviewOut)
def campaigns_review(request: HttpRequest, campaign_id: Id) -> CampaignReview:
    """Who a draft would go to now: the count to approve against and 20 of them."""
    return campaign_review(user=request.user, campaign_id=campaign_id)


@router.post("/campaigns/{campaign_id}/approve", response=CampaignOut)
def campaigns_approve(request: HttpRequest, campaign_id: Id, payload: CampaignApproveIn) -> Campaign:
    """Approve a draft in this (session) request and start sending it; API tokens are refused."""
    campaign = campaign_approve(
        request=request,
        campaign_id=campaign_id,
        approved=payload.approved,
        recipient_count_seen=payload.recipient_count_seen,
        override_reason=payload.override_reason,
    )
    campaign_send_enqueue(campaign_id=campaign.pk)
    return campaign


@router.post("/campaigns/{campaign_id}/cancel", response=CampaignOut)
def campaigns_cancel(request: HttpRequest, campaign_id: Id) -> Campaign:
    """Cancel a campaign: its messages not sent yet are cancelled."""
    return campaign_cancel(user=request.user, campaign_id=campaign_id)


@router.get("/campaigns/{campaign_id}/recipients", response=PageOut[RecipientOut])
def campaigns_recipients(
    request: HttpRequest, campaign_id: Id, params: Query[PageParams]
) -> Page[CampaignRecipient]:
    """Each recipient frozen at approval and the result of their message."""
    return campaign_recipient_page(user=request.user, campaign_id=campaign_id, **params.dict())


@router.get("/scheduled", response=list[ScheduledOut])
def scheduled_messages(request: HttpRequest, params: Query[AccountParams]) -> list[OutboundMessage]:
    """An account's scheduled messages: all still waiting and those of the last 7 days."""
    return list(scheduled_list(account=account_get(user=request.user, account_id=params.account_id)))


@router.post("/scheduled/{outbound_id}/cancel", response=ScheduledOut)
def scheduled_cancel(request: HttpRequest, outbound_id: Id) -> OutboundMessage:
    """Cancel an approved message before it is sent (chatters: their own approvals)."""
    return outbound_cancel(user=request.user, outbound_id=outbound_id)


@router.get("/sequence-drafts", response=list[DraftOut])
def sequence_drafts(request: HttpRequest, params: Query[AccountParams]) -> list[SequenceDraft]:
    """Sequence drafts waiting for a human, oldest due first (at most 100)."""
    return draft_queue(account=account_get(user=request.user, account_id=params.account_id))


@router.post("/sequence-drafts/approve", response=list[DraftOut])
def sequence_drafts_approve_route(request: HttpRequest, payload: DraftsApproveIn) -> list[SequenceDraft]:
    """Approve the drafts the human reviewed (session only) and queue them to send."""
    drafts = sequence_drafts_approve(
        request=request,
        draft_ids=payload.draft_ids,
        approved=payload.approved,
        override_reason=payload.override_reason,
    )
    outbounds_send_enqueue(outbound_ids=[draft.outbound_id for draft in drafts if draft.outbound_id])
    return drafts
