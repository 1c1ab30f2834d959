"""Writes of segments: create, change, delete (owners and managers), recount, spend tier settings.

Counts are recomputed from the rules, never maintained incrementally: after every successful
sync (``tasks.segments_refresh_task``), and at once for a segment that is created or changed.
Each recount also records the day's ``SegmentSnapshot``, which is what "change since
yesterday" compares with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huntaze.accounts.access import FULL_ACCESS_ROLES, require_team_role, role_in_team
from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.selectors import account_get, team_get
from huntaze.audit.services import audit_record, audit_record_for_account_row
from huntaze.core.db import bulk_upsert
from huntaze.core.exceptions import ValidationError
from huntaze.segments.choices import BuiltinSegment, SpendTier
from huntaze.segments.exceptions import SegmentLimitError, SegmentNameTakenError
from huntaze.segments.models import Segment, SegmentDefaultsApplied, SegmentSnapshot, SpendTiers
from huntaze.segments.rules import SPEND_MAX_CENTS, Definition
from huntaze.segments.selectors import (
    account_today,
    definition_fans,
    definition_parse,
    segment_counts,
    segment_get,
    segment_list,
)

SEGMENTS_PER_ACCOUNT_MAX = 50
SEGMENT_DEFAULTS: dict[BuiltinSegment, dict] = {
    BuiltinSegment.NEW_THIS_WEEK: {"rules": [{"kind": "new", "days": 7}]},
    BuiltinSegment.EXPIRING_3_DAYS: {"rules": [{"kind": "expiring", "days": 3}]},
    BuiltinSegment.WHALES: {"rules": [{"kind": "whales", "top_percent": 5}]},
    BuiltinSegment.NO_SPENDERS: {"rules": [{"kind": "no_spender"}]},
    BuiltinSegment.SILENT_14_DAYS: {"rules": [{"kind": "silent", "days": 14}]},
}


@dataclass(frozen=True, slots=True)
class SegmentsOverview:
    account: OnlyFansAccount
    segments: list[Segment]
    can_edit: bool


def segments_overview(
    *, user: AbstractBaseUser, account_id: int, now: datetime | None = None
) -> SegmentsOverview:
    """The account's segments with their counts and change since yesterday, creating the
    built-in ones on the account's first use. ``NotFoundError`` for an account the user cannot see.
    """
    account = account_get(user=user, account_id=account_id)
    segment_defaults_ensure(account=account, now=now)
    return SegmentsOverview(
        account=account,
        segments=list(segment_list(account=account, now=now)),
        can_edit=role_in_team(user, account.team_id) in FULL_ACCESS_ROLES,
    )


def segment_defaults_ensure(*, account: OnlyFansAccount, now: datetime | None = None) -> None:
    """Create and count the built-in segments once per account (names in the current language).

    Deleting a built-in segment later does not bring it back.
    """
    if SegmentDefaultsApplied.objects.filter(account_id=account.pk).exists():
        return
    with transaction.atomic():
        _, created = SegmentDefaultsApplied.objects.get_or_create(account_id=account.pk)
        if not created:
            return
        builtins = [
            Segment(account_id=account.pk, name=str(key.label), builtin=key, definition=definition)
            for key, definition in SEGMENT_DEFAULTS.items()
        ]
        Segment.objects.bulk_create(builtins, ignore_conflicts=True)
    segments_refresh(account=account, now=now)


def segments_refresh(*, account: OnlyFansAccount, now: datetime | None = None) -> int:
    """Recount every segment of the account (a count query each) and record today's snapshots.

    Returns how many segments were counted. Counting runs outside the transaction so a sync or
    a page is never blocked behind it; a segment deleted meanwhile is skipped.
    """
    moment = now or timezone.now()
    counts = segment_counts(
        account=account, segments=list(Segment.objects.filter(account_id=account.pk)), now=moment
    )
    if not counts:
        return 0
    with transaction.atomic():
        segments = list(Segment.objects.select_for_update().filter(pk__in=counts).order_by("pk"))
        for segment in segments:
            segment.fan_count, segment.counted_at = counts[segment.pk], moment
        Segment.objects.bulk_update(segments, ["fan_count", "counted_at"])
        _snapshots_record(account=account, segments=segments, now=moment)
    return len(segments)


def _snapshots_record(*, account: OnlyFansAccount, segments: list[Segment], now: datetime) -> None:
    today = account_today(account, now)
    rows = [
        {"segment_id": segment.pk, "date": today, "fan_count": segment.fan_count, "recorded_at": now}
        for segment in segments
    ]
    bulk_upsert(
        SegmentSnapshot, rows, unique_fields=["segment", "date"], update_fields=["fan_count", "recorded_at"]
    )


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError(_("Give the segment a name."), extra={"field": "name"})
    return cleaned


def _name_taken(*, account_id: int, name: str, exclude_pk: int | None = None) -> bool:
    return Segment.objects.filter(account_id=account_id, name__iexact=name).exclude(pk=exclude_pk).exists()


@transaction.atomic
def segment_create(
    *,
    user: AbstractBaseUser,
    account_id: int,
    name: str,
    definition: Definition | dict,
    now: datetime | None = None,
) -> Segment:
    """Save a segment on an account and count it at once (owners and managers; audited).

    ``NotFoundError`` for an account the user cannot see, ``PermissionDeniedError`` for
    chatters, ``SegmentDefinitionInvalidError``, ``SegmentLimitError`` past
    ``SEGMENTS_PER_ACCOUNT_MAX``, ``SegmentNameTakenError``.
    """
    account = account_get(user=user, account_id=account_id, roles=FULL_ACCESS_ROLES)
    rules, name = definition_parse(definition), _clean_name(name)
    segment_defaults_ensure(account=account, now=now)
    # The account row is the lock that keeps two concurrent creates from passing the limit together.
    OnlyFansAccount.objects.select_for_update().filter(pk=account.pk).exists()
    if Segment.objects.filter(account_id=account.pk).count() >= SEGMENTS_PER_ACCOUNT_MAX:
        raise SegmentLimitError(extra={"max": SEGMENTS_PER_ACCOUNT_MAX})
    if _name_taken(account_id=account.pk, name=name):
        raise SegmentNameTakenError(extra={"name": name})
    moment = now or timezone.now()
    segment = Segment(
        account=account,
        name=name,
        definition=rules.as_json(),
        created_by=user,
        fan_count=definition_fans(account=account, definition=rules, now=moment).count(),
        counted_at=moment,
    )
    _save_unique(segment)
    _snapshots_record(account=account, segments=[segment], now=moment)
    audit_record_for_account_row(
        action="segment.create",
        actor=user,
        target=segment,
        after={"name": name, "definition": segment.definition},
    )
    return segment


@transaction.atomic
def segment_update(
    *,
    user: AbstractBaseUser,
    segment_id: int,
    name: str,
    definition: Definition | dict,
    now: datetime | None = None,
) -> Segment:
    """Rename a segment and replace its rules, then recount it (owners and managers; audited).

    The same errors as ``segment_create`` (``NotFoundError`` for another tenant's segment).
    """
    segment = segment_get(user=user, segment_id=segment_id)
    require_team_role(user, team_id=segment.account.team_id, roles=FULL_ACCESS_ROLES)
    rules, name = definition_parse(definition), _clean_name(name)
    if _name_taken(account_id=segment.account_id, name=name, exclude_pk=segment.pk):
        raise SegmentNameTakenError(extra={"name": name})
    before = {"name": segment.name, "definition": segment.definition}
    moment = now or timezone.now()
    if rules.as_json() != segment.definition:
        # Earlier days counted other rules: a "change since yesterday" against them would mislead.
        segment.snapshots.all().delete()
    segment.name, segment.definition = name, rules.as_json()
    segment.fan_count = definition_fans(account=segment.account, definition=rules, now=moment).count()
    segment.counted_at = moment
    _save_unique(segment)
    _snapshots_record(account=segment.account, segments=[segment], now=moment)
    audit_record_for_account_row(
        action="segment.update",
        actor=user,
        target=segment,
        before=before,
        after={"name": name, "definition": segment.definition},
    )
    return segment


def _save_unique(segment: Segment) -> None:
    """Save, reporting a name taken by a concurrent request like one taken before."""
    try:
        with transaction.atomic():
            segment.save()
    except IntegrityError:
        raise SegmentNameTakenError(extra={"name": segment.name}) from None


@transaction.atomic
def segment_delete(*, user: AbstractBaseUser, segment_id: int) -> None:
    """Delete a segment and its history (owners and managers; audited). Its fans are untouched."""
    segment = segment_get(user=user, segment_id=segment_id)
    require_team_role(user, team_id=segment.account.team_id, roles=FULL_ACCESS_ROLES)
    audit_record_for_account_row(
        action="segment.delete",
        actor=user,
        target=segment,
        before={"name": segment.name, "definition": segment.definition},
    )
    segment.delete()


@transaction.atomic
def spend_tiers_set(
    *,
    user: AbstractBaseUser,
    team_id: int | None = None,
    account_id: int | None = None,
    minimums: dict[str, int] | None,
) -> None:
    """Set a team's spend tier minimums (cents), or one account's own; ``None`` removes them
    (back to the team's, or the defaults). Owners and managers; audited; counts follow.

    ``ValidationError`` unless exactly one of ``team_id`` and ``account_id`` is given and the
    minimums are positive and strictly ascending from bronze to platinum.
    """
    if (team_id is None) == (account_id is None):
        raise ValidationError(_("Choose a team or an account."))
    if account_id is not None:
        account = account_get(user=user, account_id=account_id, roles=FULL_ACCESS_ROLES)
        team_id, accounts = account.team_id, [account]
    else:
        team_get(user=user, team_id=team_id, roles=FULL_ACCESS_ROLES)
        accounts = list(OnlyFansAccount.objects.filter(team_id=team_id))
    current = SpendTiers.objects.filter(team_id=team_id, account_id=account_id)
    before = current.values(*(f"{tier}_cents" for tier in SpendTier.values)).first()
    if minimums is None:
        current.delete()
    else:
        values = [minimums.get(tier) for tier in SpendTier.values]
        ascending = all(type(value) is int for value in values) and (
            0 < values[0] < values[1] < values[2] < values[3] <= SPEND_MAX_CENTS
        )
        if not ascending:
            raise ValidationError(
                _("Tier minimums must be whole cents above zero, each higher than the one before."),
                extra={"tiers": list(SpendTier.values)},
            )
        SpendTiers.objects.update_or_create(
            team_id=team_id,
            account_id=account_id,
            defaults={f"{tier}_cents": value for tier, value in zip(SpendTier.values, values, strict=True)},
        )
    audit_record(
        action="segment.spend_tiers_set",
        actor=user,
        team_id=team_id,
        account_id=account_id,
        before=before,
        after=minimums,
    )
    from huntaze.segments.tasks import segments_refresh_enqueue  # the tasks import this module

    for account in accounts:
        segments_refresh_enqueue(account_id=account.pk)
