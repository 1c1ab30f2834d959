"""Reads of campaigns, scheduled messages and sequence drafts, scoped to the user's access."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from huntaze.accounts.access import get_for_user, scope_for_user
from huntaze.accounts.models import OnlyFansAccount
from huntaze.campaigns.choices import CampaignStatus, DraftStatus, SequenceKind
from huntaze.campaigns.models import Campaign, CampaignRecipient, Sequence, SequenceDraft
from huntaze.core.exceptions import ValidationError
from huntaze.core.pagination import Page, paginate
from huntaze.fans.models import Fan
from huntaze.inbox.choices import Direction, OutboundStatus
from huntaze.inbox.models import Message, OutboundMessage
from huntaze.segments.rules import RuleContext
from huntaze.segments.selectors import definition_fans, definition_parse, spend_tiers_effective

SAMPLE_SIZE = 20
QUEUE_LIMIT = 100
SCHEDULED_PAST_DAYS = 7


def campaign_get(*, user: AbstractBaseUser | None, campaign_id: int) -> Campaign:
    """One campaign of an account the user sees (``NotFoundError`` otherwise)."""
    return get_for_user(Campaign.objects.select_related("account", "approved_by"), user=user, pk=campaign_id)


def campaign_list(*, account: OnlyFansAccount) -> QuerySet[Campaign]:
    """The account's campaigns, newest first. The account must come from a scoped read."""
    return (
        Campaign.objects.filter(account_id=account.pk)
        .select_related("approved_by")
        .order_by("-created_at", "-pk")
    )


def campaign_recipients(*, campaign: Campaign, now: datetime | None = None) -> QuerySet[Fan]:
    """The fans a draft campaign would go to now: its segment's fans minus its exclusions.

    Raises ``ValidationError`` when the segment was deleted.
    """
    if campaign.segment_id is None:
        raise ValidationError(
            "The campaign's segment was deleted: make a new campaign.", extra={"field": "segment"}
        )
    account = campaign.account
    now = now or timezone.now()
    fans = definition_fans(account=account, definition=definition_parse(campaign.segment.definition), now=now)
    exclusions = campaign.exclusions_parsed()
    tiers = spend_tiers_effective(account=account).minimums
    excluded = exclusions.excluded(RuleContext(account_id=account.pk, now=now, tiers=tiers))
    return fans.exclude(excluded) if excluded is not None else fans


@dataclass(frozen=True, slots=True)
class CampaignReview:
    """What the human sees before approving: the count is what ``campaign_approve`` checks."""

    campaign: Campaign
    recipient_count: int
    sample: list[Fan]
    exclusions: list[str]


def campaign_review(*, user: AbstractBaseUser | None, campaign_id: int) -> CampaignReview:
    """A draft's recipients as of now (count and the ``SAMPLE_SIZE`` biggest spenders)."""
    campaign = campaign_get(user=user, campaign_id=campaign_id)
    fans = campaign_recipients(campaign=campaign)
    sample = fans.defer("raw", "spend_snapshot").order_by("-spend_total_cents", "-pk")[:SAMPLE_SIZE]
    return CampaignReview(
        campaign=campaign,
        recipient_count=fans.count(),
        sample=list(sample),
        exclusions=campaign.exclusions_parsed().describe(),
    )


@dataclass(frozen=True, slots=True)
class CampaignProgress:
    total: int
    queued: int
    sending: int
    sent: int
    failed: int
    cancelled: int

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.cancelled

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def campaign_progress(*, campaign: Campaign) -> CampaignProgress:
    """How many of the campaign's messages are in each state (one query)."""
    counts = dict(
        OutboundMessage.objects.filter(campaign_recipient__campaign_id=campaign.pk)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return CampaignProgress(
        total=sum(counts.values()),
        queued=counts.get(OutboundStatus.APPROVED, 0),
        sending=counts.get(OutboundStatus.SENDING, 0),
        sent=counts.get(OutboundStatus.SENT, 0),
        failed=counts.get(OutboundStatus.FAILED, 0),
        cancelled=counts.get(OutboundStatus.CANCELLED, 0),
    )


def campaign_recipient_page(
    *, user: AbstractBaseUser | None, campaign_id: int, cursor: str | None, limit: int
) -> Page[CampaignRecipient]:
    """A page of a campaign's recipients with their message's result, in approval order."""
    campaign = campaign_get(user=user, campaign_id=campaign_id)
    rows = CampaignRecipient.objects.filter(campaign_id=campaign.pk).select_related("fan", "outbound")
    return paginate(rows, sort="id", cursor=cursor, limit=limit, descending=False)


def campaigns_running() -> list[int]:
    """Ids of approved campaigns not finished yet (the sweep resumes them after a worker stopped)."""
    running = (CampaignStatus.APPROVED, CampaignStatus.SENDING)
    return list(Campaign.objects.filter(status__in=running).order_by("pk").values_list("pk", flat=True))


def scheduled_list(*, account: OnlyFansAccount, now: datetime | None = None) -> QuerySet[OutboundMessage]:
    """The account's scheduled messages: every one still waiting, and those of the last
    ``SCHEDULED_PAST_DAYS`` days with their result. The account must come from a scoped read."""
    since = (now or timezone.now()) - timedelta(days=SCHEDULED_PAST_DAYS)
    return (
        OutboundMessage.objects.filter(account_id=account.pk, send_at__isnull=False)
        .filter(send_at__gte=since)
        .select_related("fan", "approved_by")
        .order_by("send_at", "pk")
    )


def sequence_list(*, account: OnlyFansAccount) -> dict[str, Sequence]:
    """The account's sequences by kind."""
    return {sequence.kind: sequence for sequence in Sequence.objects.filter(account_id=account.pk)}


def draft_queue(*, account: OnlyFansAccount, now: datetime | None = None) -> list[SequenceDraft]:
    """Drafts waiting for a human, oldest due first (at most ``QUEUE_LIMIT``)."""
    return list(
        SequenceDraft.objects.filter(account_id=account.pk, status=DraftStatus.PENDING)
        .select_related("fan", "enrollment__sequence")
        .order_by("due_at", "pk")[:QUEUE_LIMIT]
    )


def drafts_for_user(*, user: AbstractBaseUser | None, draft_ids: Iterable[int]) -> list[SequenceDraft]:
    """The drafts among ``draft_ids`` the user may see (callers compare the count)."""
    return list(
        scope_for_user(SequenceDraft.objects.all(), user=user)
        .filter(pk__in=list(draft_ids))
        .select_related("account", "fan", "enrollment__sequence")
        .order_by("pk")
    )


def drafts_answered(*, drafts: Iterable[SequenceDraft]) -> set[int]:
    """The no-reply follow-ups among ``drafts`` whose fan wrote after the unanswered message:
    they must not go out."""
    follow_ups = [d for d in drafts if d.enrollment.sequence.kind == SequenceKind.NO_REPLY]
    if not follow_ups:
        return set()
    replied = Message.objects.filter(
        fan_id=OuterRef("fan_id"), direction=Direction.INCOMING, sent_at__gt=OuterRef("enrollment__anchor_at")
    )
    return set(
        SequenceDraft.objects.filter(pk__in=[d.pk for d in follow_ups])
        .filter(Exists(replied))
        .values_list("pk", flat=True)
    )
