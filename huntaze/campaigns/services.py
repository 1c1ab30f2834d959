"""Writes of campaigns and sequences, and the jobs that send campaigns and draft sequence steps.

Approvals are not here: they live in the approval gate (``inbox.sending``: ``campaign_approve``,
``sequence_drafts_approve``), the only code that creates an ``OutboundMessage``. What is here
writes drafts, cancels, and hands already-approved messages to ``outbound_send``.
"""

from __future__ import annotations

from collections.abc import Sequence as Seq
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from huntaze.accounts.access import FULL_ACCESS_ROLES, require_team_role
from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.selectors import account_get
from huntaze.audit.services import audit_record_for_account_row
from huntaze.campaigns.choices import CampaignStatus, DraftStatus, EnrollmentStatus, SequenceKind
from huntaze.campaigns.exceptions import CampaignStateError
from huntaze.campaigns.exclusions import Exclusions
from huntaze.campaigns.models import Campaign, CampaignRecipient, Sequence, SequenceDraft, SequenceEnrollment
from huntaze.campaigns.selectors import campaign_get, drafts_answered, drafts_for_user
from huntaze.core.exceptions import NotFoundError, ValidationError
from huntaze.fans.choices import SubscriptionStatus
from huntaze.fans.models import Fan
from huntaze.inbox.choices import Direction, OutboundStatus
from huntaze.inbox.compliance import compliance_check
from huntaze.inbox.exceptions import ComplianceBlockedError
from huntaze.inbox.models import Chat, Message, OutboundMessage
from huntaze.inbox.sending import (
    SEND_ROLES,
    SESSION_DEAD_CODES,
    TEXT_MAX,
    account_unsendable_reason,
    chats_ensure,
    outbound_content_check,
    outbound_send_job,
    outbounds_close,
    sequence_draft_cancel,
)
from huntaze.inbox.suggestions.context import DEFAULT_PRESET, suggestion_context_build
from huntaze.presets.exceptions import TemplateInvalidError
from huntaze.presets.placeholders import template_placeholders, template_render
from huntaze.presets.selectors import preset_resolve
from huntaze.segments.selectors import segment_get

STEPS_MAX = 7
DELAY_HOURS_MAX = 24 * 30


def campaign_create(
    *,
    user: AbstractBaseUser,
    account_id: int,
    name: str,
    segment_id: int,
    text: str,
    price_cents: int,
    media_ids: Seq[int] = (),
    exclusions: dict[str, Any] | Exclusions | None = None,
) -> Campaign:
    """Write a draft campaign (owners and managers). Nothing is approved or sent: the review
    page shows its recipients and the human approves there.

    Raises ``NotFoundError`` (account or segment), ``PermissionDeniedError``,
    ``ValidationError`` (text, price, media, exclusions) and ``ComplianceBlockedError``.
    """
    account = account_get(user=user, account_id=account_id, roles=FULL_ACCESS_ROLES)
    segment = segment_get(user=user, segment_id=segment_id)
    if segment.account_id != account.pk:
        raise NotFoundError()
    name = (name or "").strip()
    if not name:
        raise ValidationError("The campaign needs a name.", extra={"field": "name"})
    text, media_ids = outbound_content_check(
        account_id=account.pk, text=text, price_cents=price_cents, media_ids=media_ids
    )
    checked = compliance_check(text=text)
    if checked.blocked:
        raise ComplianceBlockedError(hits=checked.hits)
    parsed = _exclusions_parse(exclusions)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            account=account,
            name=name[:120],
            segment=segment,
            segment_name=segment.name,
            exclusions=parsed.model_dump(mode="json"),
            text=text,
            price_cents=price_cents,
            media_ids=media_ids,
            created_by=user,
        )
        audit_record_for_account_row(
            action="campaign.create",
            actor=user,
            target=campaign,
            after={"name": campaign.name, "segment_id": segment.pk, "text": text, "price_cents": price_cents},
        )
    return campaign


def _exclusions_parse(data: dict[str, Any] | Exclusions | None) -> Exclusions:
    if isinstance(data, Exclusions):
        return data
    try:
        return Exclusions.model_validate(data or {})
    except PydanticValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False, include_input=False)
        raise ValidationError("These exclusions are not valid.", extra={"errors": errors}) from None


def campaign_cancel(*, user: AbstractBaseUser, campaign_id: int) -> Campaign:
    """Cancel a campaign (owners and managers): a draft is dropped, a running one stops and its
    messages not sent yet are cancelled (one a worker is sending at that moment still goes).

    Raises ``NotFoundError``, ``PermissionDeniedError`` and ``CampaignStateError`` once done.
    """
    campaign = campaign_get(user=user, campaign_id=campaign_id)
    require_team_role(user, team_id=campaign.account.team_id, roles=FULL_ACCESS_ROLES)
    open_states = (CampaignStatus.DRAFT, CampaignStatus.APPROVED, CampaignStatus.SENDING)
    with transaction.atomic():
        now = timezone.now()
        if not Campaign.objects.filter(pk=campaign.pk, status__in=open_states).update(
            status=CampaignStatus.CANCELLED, finished_at=now, updated_at=now
        ):
            raise CampaignStateError(extra={"status": campaign.status})
        unsent = CampaignRecipient.objects.filter(campaign_id=campaign.pk).values_list(
            "outbound_id", flat=True
        )
        cancelled = outbounds_close(outbound_ids=list(unsent), status=OutboundStatus.CANCELLED)
        audit_record_for_account_row(
            action="campaign.cancel",
            actor=user,
            target=campaign,
            before={"status": campaign.status},
            after={"status": CampaignStatus.CANCELLED, "messages_cancelled": cancelled},
        )
    campaign.refresh_from_db()
    return campaign


def campaign_send(*, campaign_id: int) -> Campaign | None:
    """Send an approved campaign, one recipient at a time, through ``outbound_send``.

    Pacing is the connector's: every request waits for the account's rate-limit slot (the
    same budget the sync draws from, shared across processes through Redis when configured),
    so a campaign cannot go faster than the account's budget. Each message is claimed once, so
    running this twice (the resume sweep after a worker stopped) sends nothing twice. An
    expired session stops the campaign: every message not sent yet fails with the reason and
    is never retried. Returns the campaign, or ``None`` when there is nothing to send.
    """
    now = timezone.now()
    started = Campaign.objects.filter(
        pk=campaign_id, status__in=(CampaignStatus.APPROVED, CampaignStatus.SENDING)
    ).update(status=CampaignStatus.SENDING, started_at=Coalesce(F("started_at"), now), updated_at=now)
    if not started:
        return None
    campaign = Campaign.objects.select_related("account").get(pk=campaign_id)
    queued = list(
        OutboundMessage.objects.filter(
            campaign_recipient__campaign_id=campaign.pk, status=OutboundStatus.APPROVED
        )
        .only("pk")
        .order_by("pk")
    )
    for index, outbound in enumerate(queued):
        if Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.CANCELLED).exists():
            return campaign
        campaign.account.refresh_from_db(fields=["status", "session_ciphertext"])
        reason = account_unsendable_reason(campaign.account)
        if reason:
            _campaign_stop(campaign=campaign, outbound_ids=[o.pk for o in queued[index:]], reason=reason)
            break
        result = outbound_send_job(outbound=outbound)
        if result.error_code in SESSION_DEAD_CODES:
            rest = [o.pk for o in queued[index + 1 :]]
            _campaign_stop(campaign=campaign, outbound_ids=rest, reason=result.error_message)
            break
    Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.SENDING).update(
        status=CampaignStatus.DONE, finished_at=timezone.now(), updated_at=timezone.now()
    )
    campaign.refresh_from_db()
    return campaign


def _campaign_stop(*, campaign: Campaign, outbound_ids: list[int], reason: str) -> None:
    """Fail the campaign's messages not sent yet, with the reason, once and for all."""
    with transaction.atomic():
        failed = outbounds_close(
            outbound_ids=outbound_ids, status=OutboundStatus.FAILED, code="campaign_stopped", message=reason
        )
        Campaign.objects.filter(pk=campaign.pk).update(stop_reason=reason[:500])
        audit_record_for_account_row(
            action="campaign.stopped",
            actor_label="system:campaign",
            target=campaign,
            after={"reason": reason, "messages_failed": failed},
        )


def outbounds_send(*, outbound_ids: Seq[int]) -> int:
    """Send approved messages (approved sequence drafts) one by one; returns how many were
    handed to the connector. On an account whose session is not active they fail with the
    reason, never retried."""
    handed = 0
    for outbound in OutboundMessage.objects.filter(pk__in=list(outbound_ids)).select_related("account"):
        outbound.account.refresh_from_db(fields=["status", "session_ciphertext"])
        reason = account_unsendable_reason(outbound.account)
        if reason:
            outbounds_close(
                outbound_ids=[outbound.pk],
                status=OutboundStatus.FAILED,
                code="account_not_active",
                message=reason,
            )
            continue
        outbound_send_job(outbound=outbound)
        handed += 1
    return handed


# --- Sequences ---


def sequence_save(
    *,
    user: AbstractBaseUser,
    account_id: int,
    kind: str,
    active: bool,
    steps: Seq[dict[str, Any]] | None = None,
) -> Sequence:
    """Create or change the account's sequence of ``kind`` (owners and managers).

    A welcome series without ``steps`` takes the account's niche preset's 7-day DM sequence
    (one template per day, a fan's name filled in when drafted). Win-back and no-reply steps are
    ``[{"delay_hours", "text"}]``: hours after the subscription ended, or after the creator's
    unanswered message (a no-reply follow-up has one step). Only fans who subscribe, expire or
    go quiet after the sequence is first saved enroll.

    Raises ``NotFoundError``, ``PermissionDeniedError`` and ``ValidationError``.
    """
    account = account_get(user=user, account_id=account_id, roles=FULL_ACCESS_ROLES)
    if kind not in SequenceKind.values:
        raise ValidationError(
            "Unknown sequence kind.", extra={"field": "kind", "allowed": SequenceKind.values}
        )
    if steps is None and kind == SequenceKind.WELCOME:
        steps = _welcome_steps(account)
    cleaned = _steps_clean(steps or [], kind=kind)
    with transaction.atomic():
        sequence = Sequence.objects.select_for_update().filter(account=account, kind=kind).first()
        before = {"steps": sequence.steps, "active": sequence.active} if sequence else None
        if sequence is None:
            sequence = Sequence(account=account, kind=kind, enroll_since=timezone.now(), created_by=user)
        sequence.steps, sequence.active = cleaned, bool(active)
        sequence.save()
        audit_record_for_account_row(
            action="sequence.save",
            actor=user,
            target=sequence,
            before=before,
            after={"kind": kind, "steps": cleaned, "active": sequence.active},
        )
    return sequence


def _welcome_steps(account: OnlyFansAccount) -> list[dict[str, Any]]:
    """Day d of the preset's DM sequence at d x 24 hours, its first template without a price
    (a sequence draft is a free message; priced offers go through a campaign)."""
    preset = preset_resolve(
        slug=account.preset_slug or DEFAULT_PRESET, overrides=account.preset_overrides or {}
    )
    steps = []
    for step in preset.dm_sequence:
        free = [t for t in step.templates if "price" not in template_placeholders(template=t)]
        if free:
            steps.append({"delay_hours": 24 * step.day, "text": free[0]})
    return steps


def _steps_clean(steps: Seq[dict[str, Any]], *, kind: str) -> list[dict[str, Any]]:
    most = 1 if kind == SequenceKind.NO_REPLY else STEPS_MAX
    if not 1 <= len(steps) <= most:
        raise ValidationError(f"A sequence of this kind has 1 to {most} steps.", extra={"field": "steps"})
    cleaned = []
    for index, step in enumerate(steps):
        delay, text = step.get("delay_hours"), (step.get("text") or "").strip()
        lowest = 1 if kind == SequenceKind.NO_REPLY else 0
        if isinstance(delay, bool) or not isinstance(delay, int) or not lowest <= delay <= DELAY_HOURS_MAX:
            raise ValidationError(
                f"Step {index + 1}: the delay is {lowest} to {DELAY_HOURS_MAX} hours.",
                extra={"field": f"steps.{index}.delay_hours"},
            )
        if not text or len(text) > TEXT_MAX or "\x00" in text:
            raise ValidationError(
                f"Step {index + 1}: the text must be 1 to {TEXT_MAX} characters.",
                extra={"field": f"steps.{index}.text"},
            )
        try:
            if "price" in template_placeholders(template=text):
                raise ValidationError(
                    f"Step {index + 1}: a sequence message is free, {{price}} has no value.",
                    extra={"field": f"steps.{index}.text"},
                )
        except TemplateInvalidError as exc:
            raise ValidationError(
                f"Step {index + 1}: {exc.message}", extra={"field": f"steps.{index}.text"}
            ) from None
        cleaned.append({"delay_hours": delay, "text": text})
    if [step["delay_hours"] for step in cleaned] != sorted(step["delay_hours"] for step in cleaned):
        raise ValidationError("Steps must come in the order of their delays.", extra={"field": "steps"})
    return cleaned


def sequence_drafts_dismiss(*, user: AbstractBaseUser, draft_ids: Seq[int]) -> int:
    """Dismiss waiting drafts (anyone who may send on their account); returns how many."""
    drafts = drafts_for_user(user=user, draft_ids=list(dict.fromkeys(draft_ids)))
    if len(drafts) != len(set(draft_ids)):
        raise NotFoundError()
    for team_id in {draft.account.team_id for draft in drafts}:
        require_team_role(user, team_id=team_id, roles=SEND_ROLES)
    dismissed = 0
    with transaction.atomic():
        for draft in drafts:
            now = timezone.now()
            if SequenceDraft.objects.filter(pk=draft.pk, status=DraftStatus.PENDING).update(
                status=DraftStatus.DISMISSED, decided_by=user, decided_at=now, updated_at=now
            ):
                dismissed += 1
                audit_record_for_account_row(
                    action="sequence_draft.dismiss", actor=user, target=draft, after={"text": draft.text}
                )
    return dismissed


def sequences_tick(*, now: datetime | None = None) -> int:
    """Enroll fans, cancel follow-ups whose fan replied, and draft every step that came due in
    every active sequence (the periodic job); returns how many drafts were made. Drafts only:
    nothing here approves or sends."""
    now = now or timezone.now()
    made = 0
    for sequence in Sequence.objects.filter(active=True).select_related("account").order_by("pk"):
        _enroll(sequence=sequence, now=now)
        if sequence.kind == SequenceKind.NO_REPLY:
            _answered_cancel(sequence=sequence)
        made += _drafts_make(sequence=sequence, now=now)
    return made


def _enroll(*, sequence: Sequence, now: datetime) -> None:
    fans = Fan.objects.filter(account_id=sequence.account_id)
    if sequence.kind == SequenceKind.WELCOME:
        anchors = fans.filter(subscribed_at__gte=sequence.enroll_since, subscribed_at__lte=now).values_list(
            "pk", "subscribed_at"
        )
    elif sequence.kind == SequenceKind.WINBACK:
        anchors = fans.filter(
            subscription_status=SubscriptionStatus.EXPIRED,
            expires_at__gte=sequence.enroll_since,
            expires_at__lte=now,
        ).values_list("pk", "expires_at")
    else:
        last = Message.objects.filter(chat_id=OuterRef("pk"), is_deleted=False).order_by(
            "-sent_at", "-onlyfans_id"
        )
        anchors = (
            Chat.objects.filter(account_id=sequence.account_id, last_message_at__gte=sequence.enroll_since)
            .annotate(
                last_direction=Subquery(last.values("direction")[:1]),
                last_at=Subquery(last.values("sent_at")[:1]),
            )
            .filter(last_direction=Direction.OUTGOING, last_at__lte=now)
            .values_list("fan_id", "last_at")
        )
    SequenceEnrollment.objects.bulk_create(
        [SequenceEnrollment(sequence=sequence, fan_id=fan_id, anchor_at=at) for fan_id, at in anchors],
        ignore_conflicts=True,
        batch_size=500,
    )


def _answered_cancel(*, sequence: Sequence) -> None:
    """A fan who wrote after the creator's unanswered message needs no follow-up any more."""
    replied = Message.objects.filter(
        fan_id=OuterRef("fan_id"), direction=Direction.INCOMING, sent_at__gt=OuterRef("anchor_at")
    )
    SequenceEnrollment.objects.filter(sequence=sequence, status=EnrollmentStatus.ACTIVE).filter(
        Exists(replied)
    ).update(status=EnrollmentStatus.CANCELLED)
    pending = list(
        SequenceDraft.objects.filter(
            enrollment__sequence=sequence, status=DraftStatus.PENDING
        ).select_related("enrollment__sequence")
    )
    for draft in SequenceDraft.objects.filter(pk__in=drafts_answered(drafts=pending)).select_related(
        "enrollment"
    ):
        sequence_draft_cancel(draft=draft, reason=_("The fan replied before it was approved."))


def _still_relevant(sequence: Sequence, fan: Fan) -> bool:
    """A welcome goes to a subscriber, a win-back to a fan still gone."""
    if sequence.kind == SequenceKind.WELCOME:
        return fan.subscription_status == SubscriptionStatus.ACTIVE
    if sequence.kind == SequenceKind.WINBACK:
        return fan.subscription_status == SubscriptionStatus.EXPIRED
    return True


def _drafts_make(*, sequence: Sequence, now: datetime) -> int:
    """Draft the step due for each active enrollment. When several came due at once (the worker
    was down) only the latest is drafted: a fan gets today's message, not a week in one go."""
    steps = sequence.steps
    made = 0
    enrollments = SequenceEnrollment.objects.filter(
        sequence=sequence, status=EnrollmentStatus.ACTIVE
    ).select_related("fan")
    for enrollment in enrollments.order_by("pk"):
        index, due = enrollment.next_step, None
        while (
            index < len(steps) and enrollment.anchor_at + timedelta(hours=steps[index]["delay_hours"]) <= now
        ):
            due, index = index, index + 1
        if due is None:
            continue
        with transaction.atomic():
            enrollment.next_step = index
            enrollment.status = EnrollmentStatus.DONE if index >= len(steps) else EnrollmentStatus.ACTIVE
            if not _still_relevant(sequence, enrollment.fan):
                enrollment.status = EnrollmentStatus.CANCELLED
                enrollment.save(update_fields=["next_step", "status"])
                continue
            chat_id = chats_ensure(account_id=sequence.account_id, fan_ids=[enrollment.fan_id])[
                enrollment.fan_id
            ]
            chat = Chat.objects.select_related("account", "fan").get(pk=chat_id)
            values = suggestion_context_build(chat=chat, message=None).placeholders()
            SequenceDraft.objects.create(
                account_id=sequence.account_id,
                enrollment=enrollment,
                fan_id=enrollment.fan_id,
                step=due,
                text=template_render(template=steps[due]["text"], context=values),
                due_at=enrollment.anchor_at + timedelta(hours=steps[due]["delay_hours"]),
            )
            enrollment.save(update_fields=["next_step", "status"])
        made += 1
    return made
