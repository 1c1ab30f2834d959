"""Reads of segments and of the fans in them, always scoped to the requesting user's access.

``segment_fans`` is the filter other lists reuse: ``fans & segment_fans(user=…, segment_id=…)``
narrows any ``Fan`` queryset to a segment (the fans table), and ``fan__in=segment_fans(…)`` any
queryset with a fan (the inbox's chats). See docs/segments.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.utils import timezone
from pydantic import ValidationError as PydanticValidationError

from huntaze.accounts.access import get_for_user
from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.selectors import account_get
from huntaze.analytics.window import account_tz
from huntaze.core.pagination import Page, paginate
from huntaze.fans.models import Fan
from huntaze.inbox.choices import Direction
from huntaze.inbox.models import Message
from huntaze.segments.choices import SpendTier
from huntaze.segments.exceptions import SegmentDefinitionInvalidError
from huntaze.segments.models import Segment, SegmentSnapshot, SpendTiers
from huntaze.segments.rules import Definition, RuleContext

SAMPLE_SIZE = 20
# Up to this many fans (at the last count), a segment's pages read its fans first, then sort them:
# at most ~1k row reads, where walking the spend index for a page of fans who all spent little
# (new subscribers) passes the whole account. Bigger segments fill a page along the index.
SMALL_SEGMENT = 1_000
PPV_ITEMS_MAX = 50
# Newest PPV messages read to find ``PPV_ITEMS_MAX`` items: a mass message has a copy per chat.
_PPV_SCAN = 1000
SPEND_TIERS_DEFAULT = {
    SpendTier.BRONZE.value: 100,
    SpendTier.SILVER.value: 5_000,
    SpendTier.GOLD.value: 20_000,
    SpendTier.PLATINUM.value: 100_000,
}


def definition_parse(data: object) -> Definition:
    """A ``Definition`` from JSON-like data; ``SegmentDefinitionInvalidError`` (422) lists what is wrong."""
    if isinstance(data, Definition):
        return data
    try:
        return Definition.model_validate(data)
    except PydanticValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False, include_input=False)
        raise SegmentDefinitionInvalidError(extra={"errors": errors}) from None


@dataclass(frozen=True, slots=True)
class TierSettings:
    """Minimum spend (cents) per tier, and where they come from: ``account``, ``team`` or ``default``."""

    minimums: dict[str, int]
    source: str


def spend_tiers_effective(*, account: OnlyFansAccount) -> TierSettings:
    """The account's own tier minimums, else its team's, else ``SPEND_TIERS_DEFAULT``.

    The account must come from a scoped read (``account_get``): this adds no access check.
    """
    rows = SpendTiers.objects.filter(team_id=account.team_id).filter(
        Q(account__isnull=True) | Q(account_id=account.pk)
    )
    chosen = sorted(rows, key=lambda row: row.account_id is None)
    if not chosen:
        return TierSettings(minimums=dict(SPEND_TIERS_DEFAULT), source="default")
    row = chosen[0]
    return TierSettings(
        minimums={tier: getattr(row, f"{tier}_cents") for tier in SpendTier.values},
        source="account" if row.account_id else "team",
    )


def spend_tiers_read(*, user: AbstractBaseUser | None, account_id: int) -> dict:
    """The tier minimums an account's segments use and whose they are (``NotFoundError``)."""
    account = account_get(user=user, account_id=account_id)
    tiers = spend_tiers_effective(account=account)
    return {"account_id": account.pk, "source": tiers.source, "minimums_cents": tiers.minimums}


def definition_fans(
    *, account: OnlyFansAccount, definition: Definition, now: datetime | None = None
) -> QuerySet[Fan]:
    """The account's fans matching ``definition`` at ``now`` (one query when evaluated).

    The account must come from a scoped read: this adds no access check.
    """
    tiers = spend_tiers_effective(account=account).minimums if definition.uses_spend_tiers() else {}
    ctx = RuleContext(account_id=account.pk, now=now or timezone.now(), tiers=tiers)
    return Fan.objects.filter(account_id=account.pk).filter(definition.q(ctx))


def segment_get(*, user: AbstractBaseUser | None, segment_id: int) -> Segment:
    """One segment of an account the user sees (``NotFoundError`` otherwise, other tenants included)."""
    return get_for_user(Segment.objects.select_related("account"), user=user, pk=segment_id)


def segment_detail(*, user: AbstractBaseUser | None, segment_id: int, now: datetime | None = None) -> Segment:
    """``segment_get`` with the ``change`` of ``segment_list``."""
    segment = segment_get(user=user, segment_id=segment_id)
    return segment_list(account=segment.account, now=now).get(pk=segment.pk)


def segment_fans(
    *, user: AbstractBaseUser | None, segment_id: int, now: datetime | None = None
) -> QuerySet[Fan]:
    """The fans in a segment now, as a lazy queryset to filter, count or page further.

    ``NotFoundError`` for a segment the user cannot see.
    """
    segment = segment_get(user=user, segment_id=segment_id)
    return definition_fans(account=segment.account, definition=definition_parse(segment.definition), now=now)


def segment_fan_page(
    *,
    user: AbstractBaseUser | None,
    segment_id: int,
    cursor: str | None,
    limit: int,
    now: datetime | None = None,
) -> Page[Fan]:
    """A page of a segment's fans, biggest spenders first, with their tags (four queries).

    ``NotFoundError`` for a segment the user cannot see; ``InvalidCursorError``.
    """
    segment = segment_get(user=user, segment_id=segment_id)
    fans = definition_fans(account=segment.account, definition=definition_parse(segment.definition), now=now)
    if segment.fan_count is not None and segment.fan_count <= SMALL_SEGMENT:
        fans = Fan.objects.filter(pk__in=fans.values("pk"))
    # The page's ids first, then only those rows: sorting a thousand whole fan rows to keep 50
    # cost twice the rest of the page on SQLite.
    keys = paginate(
        fans.only("pk", "spend_total_cents"), sort="spend_total_cents", cursor=cursor, limit=limit
    )
    rows = (
        Fan.objects.defer("raw", "spend_snapshot")
        .prefetch_related("tags")
        .in_bulk([fan.pk for fan in keys.items])
    )
    return Page(items=[rows[fan.pk] for fan in keys.items if fan.pk in rows], next_cursor=keys.next_cursor)


@dataclass(frozen=True, slots=True)
class SegmentPreview:
    fan_count: int
    sample: list[Fan]


def segment_preview(
    *, user: AbstractBaseUser | None, account_id: int, definition: object, now: datetime | None = None
) -> SegmentPreview:
    """How many of the account's fans a definition holds now, and the ``SAMPLE_SIZE`` biggest
    spenders among them, without saving anything (anyone who sees the account may preview).

    ``NotFoundError`` for an account the user cannot see; ``SegmentDefinitionInvalidError``.
    """
    account = account_get(user=user, account_id=account_id)
    fans = definition_fans(account=account, definition=definition_parse(definition), now=now)
    sample = (
        fans.defer("raw", "spend_snapshot").prefetch_related("tags").order_by("-spend_total_cents", "-pk")
    )
    return SegmentPreview(fan_count=fans.count(), sample=list(sample[:SAMPLE_SIZE]))


def account_today(account: OnlyFansAccount, now: datetime | None = None) -> date:
    """The calendar day in the account's time zone: snapshots are per local day."""
    return (now or timezone.now()).astimezone(account_tz(account)).date()


def segment_list(*, account: OnlyFansAccount, now: datetime | None = None) -> QuerySet[Segment]:
    """The account's segments by name, each annotated with ``change``: its count minus the
    count recorded yesterday (``None`` when either is unknown). One query.

    The account must come from a scoped read: this adds no access check.
    """
    yesterday = account_today(account, now) - timedelta(days=1)
    previous = SegmentSnapshot.objects.filter(segment_id=OuterRef("pk"), date=yesterday).values("fan_count")
    return (
        Segment.objects.filter(account_id=account.pk)
        .annotate(previous_count=Subquery(previous[:1]))
        .annotate(change=F("fan_count") - F("previous_count"))
        .order_by("name", "pk")
    )


def segment_counts(
    *, account: OnlyFansAccount, segments: list[Segment], now: datetime | None = None
) -> dict[int, int]:
    """``{segment id: fans in it now}`` for segments of one account: one count query each.

    Not one query with a filtered count per segment: that evaluates every rule on every fan,
    where a count of its own lets each rule use its index (most take under a millisecond on the
    50k-fan benchmark account), and PostgreSQL compiled the combined one with JIT (+70 ms).
    """
    if not segments:
        return {}
    definitions = {segment.pk: definition_parse(segment.definition) for segment in segments}
    uses_tiers = any(definition.uses_spend_tiers() for definition in definitions.values())
    tiers = spend_tiers_effective(account=account).minimums if uses_tiers else {}
    ctx = RuleContext(account_id=account.pk, now=now or timezone.now(), tiers=tiers)
    fans = Fan.objects.filter(account_id=account.pk)
    return {pk: fans.filter(definition.q(ctx)).count() for pk, definition in definitions.items()}


@dataclass(frozen=True, slots=True)
class PpvItem:
    key: str
    text: str
    price_cents: int
    sent_at: datetime


def ppv_items(*, account: OnlyFansAccount) -> list[PpvItem]:
    """The account's ``PPV_ITEMS_MAX`` newest PPV items (mass messages once, by their queue id),
    to choose from in a "bought" rule.

    The account must come from a scoped read: this adds no access check.
    """
    rows = (
        Message.objects.filter(
            account_id=account.pk, direction=Direction.OUTGOING, price_cents__gt=0, is_tip=False
        )
        .order_by("-sent_at", "-pk")
        .values_list("onlyfans_id", KT("raw__queueId"), "text", "price_cents", "sent_at")[:_PPV_SCAN]
    )
    items: dict[str, PpvItem] = {}
    for onlyfans_id, queue_id, text, price_cents, sent_at in rows:
        key = f"queue:{queue_id}" if queue_id and str(queue_id).isdigit() else f"message:{onlyfans_id}"
        items.setdefault(key, PpvItem(key=key, text=text, price_cents=price_cents, sent_at=sent_at))
        if len(items) >= PPV_ITEMS_MAX:
            break
    return list(items.values())
