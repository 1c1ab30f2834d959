"""Campaigns (one approved message to a segment's fans), and sequences that draft messages.

Nothing here sends. A campaign's approval (``inbox.sending.campaign_approve``) creates one
``inbox.OutboundMessage`` per recipient, frozen as of that moment, and a ``CampaignRecipient``
linking them; each recipient's result is its outbound message's status. A sequence only ever
makes ``SequenceDraft`` rows: a human approves them (``inbox.sending.sequence_drafts_approve``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huntaze.campaigns.choices import CampaignStatus, DraftStatus, EnrollmentStatus, SequenceKind
from huntaze.campaigns.exclusions import Exclusions
from huntaze.core.models import TimeStampedModel

NAME_MAX_LENGTH = 120


class Campaign(TimeStampedModel):
    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="campaigns"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    # Kept when the segment is deleted: the recipients were frozen at approval anyway.
    segment = models.ForeignKey(
        "segments.Segment", null=True, blank=True, on_delete=models.SET_NULL, related_name="campaigns"
    )
    segment_name = models.CharField(_("segment"), max_length=80)
    exclusions = models.JSONField(
        _("exclusions"), default=dict, blank=True, help_text=_("A validated Exclusions.")
    )
    text = models.TextField(_("message"))
    price_cents = models.BigIntegerField(_("price"), default=0)
    media_ids = models.JSONField(_("vault media"), default=list, blank=True)
    status = models.CharField(max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_request_id = models.CharField(max_length=64, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    stop_reason = models.CharField(
        max_length=500, blank=True, help_text=_("Why sending stopped early (an expired session…).")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["account", "-created_at"], name="campaign_account_time")]
        constraints = [
            models.CheckConstraint(condition=models.Q(price_cents__gte=0), name="campaign_price_nonneg"),
            # Past the draft, a campaign always names the human who approved it.
            models.CheckConstraint(
                condition=models.Q(status=CampaignStatus.DRAFT)
                | models.Q(status=CampaignStatus.CANCELLED, approved_by__isnull=True)
                | (models.Q(approved_by__isnull=False) & ~models.Q(approval_request_id="")),
                name="campaign_approved_by_human",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def exclusions_parsed(self) -> Exclusions:
        return Exclusions.model_validate(self.exclusions or {})


class CampaignRecipient(models.Model):
    """One fan of an approved campaign and the message approved for them (its result)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="recipients", db_index=False
    )
    fan = models.ForeignKey("fans.Fan", on_delete=models.CASCADE, related_name="+")
    outbound = models.OneToOneField(
        "inbox.OutboundMessage", on_delete=models.CASCADE, related_name="campaign_recipient"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "fan"], name="campaign_recipient_unique_fan"),
        ]

    def __str__(self) -> str:
        return f"campaign {self.campaign_id} -> fan {self.fan_id}"


class Sequence(TimeStampedModel):
    """Steps (``[{"delay_hours": int, "text": str}]``) drafted for each enrolled fan at
    ``anchor + delay``: a welcome series from the subscription, a win-back from the expiry, a
    follow-up from the creator's unanswered message. One sequence per kind and account."""

    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="sequences", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SequenceKind.choices)
    steps = models.JSONField(_("steps"))
    active = models.BooleanField(_("active"), default=True)
    # Only fans who subscribe, expire or go quiet after this enroll: turning a sequence on does
    # not draft for the whole back catalogue.
    enroll_since = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["account", "kind"], name="sequence_unique_account_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.account_id}"


class SequenceEnrollment(models.Model):
    """A fan going through a sequence once, from ``anchor_at`` (subscribed, expired, or the
    creator's unanswered message); ``next_step`` is the next step to draft."""

    sequence = models.ForeignKey(
        Sequence, on_delete=models.CASCADE, related_name="enrollments", db_index=False
    )
    fan = models.ForeignKey("fans.Fan", on_delete=models.CASCADE, related_name="+")
    anchor_at = models.DateTimeField()
    next_step = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["sequence", "fan", "anchor_at"], name="enrollment_unique_anchor"),
        ]

    def __str__(self) -> str:
        return f"{self.sequence_id}/{self.fan_id} step {self.next_step}"


class SequenceDraft(TimeStampedModel):
    """A step's message for one fan, waiting for a human. Never sent as it is: approving it
    creates an ``OutboundMessage`` in the approver's request."""

    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="sequence_drafts", db_index=False
    )
    enrollment = models.ForeignKey(SequenceEnrollment, on_delete=models.CASCADE, related_name="drafts")
    fan = models.ForeignKey("fans.Fan", on_delete=models.CASCADE, related_name="+")
    step = models.PositiveSmallIntegerField()
    text = models.TextField()
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=DraftStatus.choices, default=DraftStatus.PENDING)
    outbound = models.OneToOneField(
        "inbox.OutboundMessage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sequence_draft",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["account", "status", "due_at"], name="seqdraft_account_queue")]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "step"], name="seqdraft_unique_step"),
        ]

    def __str__(self) -> str:
        return f"draft {self.pk} ({self.status})"
