"""Approvals of many messages in one human request: a campaign's recipients, reviewed sequence drafts.

``campaign_approve`` freezes the recipients as of approval (one approved message each);
``sequence_drafts_approve`` turns the drafts a human reviewed into approved messages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from huntaze.accounts.access import FULL_ACCESS_ROLES, get_for_user, require_team_role
from huntaze.audit.services import audit_record_for_account_row
from huntaze.campaigns.choices import CampaignStatus, DraftStatus, EnrollmentStatus
from huntaze.campaigns.exceptions import (
    CampaignStateError,
    CampaignTooLargeError,
    RecipientsChangedError,
)
from huntaze.campaigns.models import Campaign, CampaignRecipient, SequenceDraft, SequenceEnrollment
from huntaze.campaigns.selectors import campaign_recipients, drafts_answered, drafts_for_user
from huntaze.core.exceptions import NotFoundError, ValidationError
from huntaze.inbox.compliance import compliance_enforce
from huntaze.inbox.models import Chat, OutboundMessage
from huntaze.inbox.sending.approval import (
    SEND_ROLES,
    approver_from_request,
    outbound_content_check,
)
from huntaze.inbox.sending.scheduled import CLOSE_BATCH

CAMPAIGN_RECIPIENTS_MAX = 10_000
DRAFTS_APPROVE_MAX = 100


def campaign_approve(
    *,
    request: HttpRequest,
    campaign_id: int,
    approved: bool,
    recipient_count_seen: int,
    override_reason: str = "",
) -> Campaign:
    """Approve a draft campaign as the logged-in human: one ``OutboundMessage`` per recipient as
    of now (the segment's fans minus the exclusions), each with its digest, all under this
    request's id, linked by ``CampaignRecipient`` rows. Fans who join the segment later are not
    in it. ``recipient_count_seen`` is the count the review page showed: a different count now
    means the list changed under the human, who must look again.

    Raises ``ApprovalOutsideRequestError``, ``ApprovalRequiredError``, ``NotFoundError``,
    ``PermissionDeniedError`` (owners and managers approve campaigns), ``CampaignStateError``
    unless it is a draft, ``RecipientsChangedError``, ``CampaignTooLargeError``,
    ``ValidationError`` and the compliance errors.
    """
    user, request_id = approver_from_request(request, approved=approved)
    campaign = get_for_user(Campaign.objects.select_related("account", "segment"), user=user, pk=campaign_id)
    require_team_role(user, team_id=campaign.account.team_id, roles=FULL_ACCESS_ROLES)
    if campaign.status != CampaignStatus.DRAFT:
        raise CampaignStateError(extra={"status": campaign.status})
    text, media_ids = outbound_content_check(
        account_id=campaign.account_id,
        text=campaign.text,
        price_cents=campaign.price_cents,
        media_ids=campaign.media_ids,
    )
    checked = compliance_enforce(text=text, override_reason=override_reason)
    now = timezone.now()
    fan_ids = list(
        campaign_recipients(campaign=campaign, now=now).order_by("pk").values_list("pk", flat=True)
    )
    if len(fan_ids) != recipient_count_seen:
        raise RecipientsChangedError(extra={"seen": recipient_count_seen, "now": len(fan_ids)})
    if not fan_ids:
        raise ValidationError("The campaign has no recipients.", extra={"field": "segment"})
    if len(fan_ids) > CAMPAIGN_RECIPIENTS_MAX:
        raise CampaignTooLargeError(extra={"max": CAMPAIGN_RECIPIENTS_MAX, "count": len(fan_ids)})
    with transaction.atomic():
        taken = Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.DRAFT).update(
            status=CampaignStatus.APPROVED,
            text=text,
            media_ids=media_ids,
            approved_by=user,
            approved_at=now,
            approval_request_id=request_id,
            recipient_count=len(fan_ids),
            updated_at=now,
        )
        if not taken:  # approved or cancelled by someone else since it was read
            raise CampaignStateError(extra={"status": "changed"})
        chats = chats_ensure(account_id=campaign.account_id, fan_ids=fan_ids)
        key = f"campaign-{campaign.pk}-"
        rows = [
            OutboundMessage(
                account_id=campaign.account_id,
                chat_id=chats[fan_id],
                fan_id=fan_id,
                text=text,
                price_cents=campaign.price_cents,
                media_ids=media_ids,
                idempotency_key=f"{key}{fan_id}",
                approved_by=user,
                approved_at=now,
                approval_request_id=request_id,
            )
            for fan_id in fan_ids
        ]
        for row in rows:
            row.approval_digest = row.content_digest()
        OutboundMessage.objects.bulk_create(rows, batch_size=CLOSE_BATCH)
        created = (
            OutboundMessage.objects.filter(account_id=campaign.account_id, idempotency_key__startswith=key)
            .order_by("pk")
            .values_list("fan_id", "pk")
        )
        CampaignRecipient.objects.bulk_create(
            [
                CampaignRecipient(campaign_id=campaign.pk, fan_id=fan_id, outbound_id=pk)
                for fan_id, pk in created
            ],
            batch_size=CLOSE_BATCH,
        )
        campaign.refresh_from_db()
        audit_record_for_account_row(
            action="campaign.approve",
            actor=user,
            target=campaign,
            after={
                "text": text,
                "price_cents": campaign.price_cents,
                "media_ids": media_ids,
                "recipient_count": len(fan_ids),
                "segment": campaign.segment_name,
                "exclusions": campaign.exclusions,
                "warnings_overridden": [hit.rule_id for hit in checked.warnings],
                "override_reason": override_reason.strip() if checked.warnings else "",
            },
            request=request,
        )
    return campaign


def chats_ensure(*, account_id: int, fan_ids: Sequence[int]) -> dict[int, int]:
    """``{fan id: chat id}``, making the empty chat of a fan who has none yet (a new subscriber
    messaged first): an outgoing message always belongs to a chat, which the sync fills later."""
    existing = dict(
        Chat.objects.filter(account_id=account_id, fan_id__in=fan_ids).values_list("fan_id", "pk")
    )
    missing = [fan_id for fan_id in fan_ids if fan_id not in existing]
    if missing:
        Chat.objects.bulk_create(
            [Chat(account_id=account_id, fan_id=fan_id) for fan_id in missing],
            batch_size=CLOSE_BATCH,
            ignore_conflicts=True,
        )
        existing.update(
            Chat.objects.filter(account_id=account_id, fan_id__in=missing).values_list("fan_id", "pk")
        )
    return existing


def sequence_drafts_approve(
    *,
    request: HttpRequest,
    draft_ids: Sequence[int],
    approved: bool,
    texts: Mapping[int, str] | None = None,
    override_reason: str = "",
) -> list[SequenceDraft]:
    """Approve the sequence drafts the human reviewed, as they read them (or with ``texts``
    edited per draft id): each becomes an ``OutboundMessage`` approved by this human in this
    request, to send now. A draft no longer waiting is left as it is; a no-reply follow-up whose
    fan wrote meanwhile is cancelled instead. Returns the drafts with their new state.

    Raises ``ApprovalOutsideRequestError``, ``ApprovalRequiredError``, ``NotFoundError`` (one id
    the user cannot see fails them all), ``PermissionDeniedError``, ``ValidationError`` and the
    compliance errors (nothing is approved then).
    """
    user, request_id = approver_from_request(request, approved=approved)
    ids = list(dict.fromkeys(draft_ids))
    if not ids or len(ids) > DRAFTS_APPROVE_MAX:
        raise ValidationError(
            f"Choose 1 to {DRAFTS_APPROVE_MAX} drafts.",
            extra={"field": "draft_ids", "max": DRAFTS_APPROVE_MAX},
        )
    drafts = drafts_for_user(user=user, draft_ids=ids)
    if len(drafts) != len(ids):
        raise NotFoundError()
    for team_id in {draft.account.team_id for draft in drafts}:
        require_team_role(user, team_id=team_id, roles=SEND_ROLES)
    texts = texts or {}
    checked = {}
    for draft in drafts:
        text, _ = outbound_content_check(
            account_id=draft.account_id, text=texts.get(draft.pk, draft.text), price_cents=0, media_ids=()
        )
        checked[draft.pk] = (text, compliance_enforce(text=text, override_reason=override_reason))
    now = timezone.now()
    with transaction.atomic():
        answered = drafts_answered(drafts=drafts)
        chats: dict[int, int] = {}
        for account_id in {draft.account_id for draft in drafts}:
            fans = [draft.fan_id for draft in drafts if draft.account_id == account_id]
            chats |= chats_ensure(account_id=account_id, fan_ids=fans)
        for draft in drafts:
            if draft.status != DraftStatus.PENDING:
                continue
            if draft.pk in answered:
                sequence_draft_cancel(draft=draft, reason=gettext("The fan replied before it was approved."))
                continue
            text, compliance = checked[draft.pk]
            outbound = OutboundMessage(
                account_id=draft.account_id,
                chat_id=chats[draft.fan_id],
                fan_id=draft.fan_id,
                draft_text=draft.text,
                text=text,
                idempotency_key=f"sequence-draft-{draft.pk}",
                approved_by=user,
                approved_at=now,
                approval_request_id=request_id,
            )
            outbound.approval_digest = outbound.content_digest()
            outbound.save()
            draft.status, draft.outbound = DraftStatus.APPROVED, outbound
            draft.decided_by, draft.decided_at = user, now
            draft.save(update_fields=["status", "outbound", "decided_by", "decided_at", "updated_at"])
            audit_record_for_account_row(
                action="outbound.approve",
                actor=user,
                target=outbound,
                before={"draft_text": draft.text},
                after={
                    "text": text,
                    "price_cents": 0,
                    "sequence_draft_id": draft.pk,
                    "warnings_overridden": [hit.rule_id for hit in compliance.warnings],
                    "override_reason": override_reason.strip() if compliance.warnings else "",
                },
                request=request,
            )
    return drafts


def sequence_draft_cancel(*, draft: SequenceDraft, reason: str) -> None:
    """Cancel a waiting draft and its enrollment (a no-reply follow-up whose fan answered)."""
    SequenceDraft.objects.filter(pk=draft.pk, status=DraftStatus.PENDING).update(
        status=DraftStatus.CANCELLED, cancel_reason=reason[:200], updated_at=timezone.now()
    )
    SequenceEnrollment.objects.filter(pk=draft.enrollment_id).update(status=EnrollmentStatus.CANCELLED)
    draft.status, draft.cancel_reason = DraftStatus.CANCELLED, reason[:200]
