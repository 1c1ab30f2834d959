"""Writes of Huntaze-owned fan fields (tags, notes). A sync never calls these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from huntaze.accounts.access import scope_for_user
from huntaze.audit.services import audit_record_for_account_row
from huntaze.core.db import bulk_upsert
from huntaze.core.exceptions import NotFoundError, ValidationError
from huntaze.earnings.models import EarningsEntry, EarningStatus
from huntaze.fans.models import Fan, Tag
from huntaze.fans.selectors import fan_get

TAG_MAX_LENGTH = 50
TAGS_PER_FAN_MAX = 30
NOTES_MAX_LENGTH = 10_000
BULK_TAG_FANS_MAX = 500


def _clean_tags(names: list[str]) -> list[str]:
    cleaned = sorted({name.strip().lower() for name in names if name.strip()})
    too_long = [name for name in cleaned if len(name) > TAG_MAX_LENGTH]
    if too_long:
        raise ValidationError(f"Tags are at most {TAG_MAX_LENGTH} characters.", extra={"tags": too_long})
    if len(cleaned) > TAGS_PER_FAN_MAX:
        raise ValidationError(f"A fan has at most {TAGS_PER_FAN_MAX} tags.")
    return cleaned


@transaction.atomic
def fan_tags_set(*, user: AbstractBaseUser, fan_id: int, tags: list[str]) -> Fan:
    """Replace a fan's tags (audited). Raises ``NotFoundError`` outside the user's access."""
    fan = fan_get(user=user, fan_id=fan_id)
    names = _clean_tags(tags)
    before = sorted(fan.tags.values_list("name", flat=True))
    for name in names:
        Tag.objects.get_or_create(account_id=fan.account_id, name=name)
    fan.tags.set(Tag.objects.filter(account_id=fan.account_id, name__in=names))
    audit_record_for_account_row(
        action="fan.tags_set",
        actor=user,
        target=fan,
        before={"tags": before},
        after={"tags": names},
    )
    return fan


@transaction.atomic
def fan_tags_bulk_change(*, user: AbstractBaseUser, fan_ids: list[int], tag: str, add: bool) -> int:
    """Add ``tag`` to (``add``) or remove it from each of ``fan_ids``; returns how many fans changed.

    The same rules as ``fan_tags_set`` (anyone who sees a fan may tag it, chatters included) and
    the same audit event per changed fan. All or nothing: ``ValidationError`` for no ids, more
    than ``BULK_TAG_FANS_MAX``, a bad tag or a fan that would pass ``TAGS_PER_FAN_MAX``;
    ``NotFoundError`` if any id is not a fan the user sees.
    """
    ids = set(fan_ids)
    if not ids:
        raise ValidationError(_("Select at least one fan."))
    if len(ids) > BULK_TAG_FANS_MAX:
        raise ValidationError(
            _("Tag at most %(max)d fans at once.") % {"max": BULK_TAG_FANS_MAX},
            extra={"max": BULK_TAG_FANS_MAX, "given": len(ids)},
        )
    names = _clean_tags([tag])
    if not names:
        raise ValidationError(_("Enter a tag."))
    name = names[0]
    fans = list(
        scope_for_user(Fan.objects.select_related("account"), user=user)
        .filter(pk__in=ids)
        .order_by("pk")
        .select_for_update(of=("self",))
        .prefetch_related("tags")
    )
    if len(fans) != len(ids):
        raise NotFoundError()
    before = {fan.pk: sorted(t.name for t in fan.tags.all()) for fan in fans}
    changed = [fan for fan in fans if (name in before[fan.pk]) != add]
    if add and any(len(before[fan.pk]) >= TAGS_PER_FAN_MAX for fan in changed):
        raise ValidationError(_("A fan has at most %(max)d tags.") % {"max": TAGS_PER_FAN_MAX})
    through = Fan.tags.through
    for account_id in {fan.account_id for fan in changed}:
        of_account = [fan.pk for fan in changed if fan.account_id == account_id]
        if add:
            tag_row, _created = Tag.objects.get_or_create(account_id=account_id, name=name)
            through.objects.bulk_create([through(fan_id=pk, tag_id=tag_row.pk) for pk in of_account])
        else:
            through.objects.filter(fan_id__in=of_account, tag__name=name).delete()
    for fan in changed:
        after = sorted({*before[fan.pk], name}) if add else [t for t in before[fan.pk] if t != name]
        audit_record_for_account_row(
            action="fan.tags_set",
            actor=user,
            target=fan,
            before={"tags": before[fan.pk]},
            after={"tags": after},
        )
    return len(changed)


@transaction.atomic
def fan_notes_set(*, user: AbstractBaseUser, fan_id: int, notes: str) -> Fan:
    """Replace a fan's private notes (audited)."""
    if len(notes) > NOTES_MAX_LENGTH:
        raise ValidationError(f"Notes are at most {NOTES_MAX_LENGTH} characters.")
    fan = fan_get(user=user, fan_id=fan_id)
    before = fan.notes
    fan.notes = notes
    fan.save(update_fields=["notes", "updated_at"])
    audit_record_for_account_row(
        action="fan.notes_set",
        actor=user,
        target=fan,
        before={"notes": before},
        after={"notes": notes},
    )
    return fan


# --- Remote-owned writes: called by the sync engine only. ---

FAN_REMOTE_FIELDS = (
    "username",
    "display_name",
    "avatar_url",
    "subscription_status",
    "subscribed_at",
    "expires_at",
    "renewed_at",
    "renew_on",
    "spend_snapshot",
    "spend_snapshot_at",
    "last_seen_at",
    "raw",
    "synced_at",
)
SPEND_KINDS = {
    # EarningsEntry.kind -> Fan spend column (``other`` only counts in the total)
    "subscription": "spend_subscriptions_cents",
    "tip": "spend_tips_cents",
    "message": "spend_messages_cents",
    "post": "spend_posts_cents",
    "stream": "spend_streams_cents",
}
SPEND_COLUMNS = (*SPEND_KINDS.values(), "spend_total_cents")
SPEND_STATUSES = (EarningStatus.DONE, EarningStatus.PENDING)


def fan_ids_by_onlyfans_id(*, account_id: int, onlyfans_ids: Iterable[int]) -> dict[int, int]:
    # ``order_by()``: the default order (by spend) made SQLite walk the spend index over every
    # fan of the account instead of probing the unique (account, onlyfans_id) index.
    fans = Fan.objects.filter(account_id=account_id, onlyfans_id__in=set(onlyfans_ids)).order_by()
    return dict(fans.values_list("onlyfans_id", "pk"))


def fan_upsert_many(*, account_id: int, rows: list[dict[str, Any]]) -> dict[int, int]:
    """Write the remote-owned fields of fans from a subscriber page; returns ``{onlyfans_id: pk}``.

    Tags and notes are not in the update set, so a sync never touches them. Spend columns are
    recomputed as snapshot + later ledger rows.
    """
    bulk_upsert(
        Fan,
        [{**row, **_spend_columns(row.get("spend_snapshot")), "account_id": account_id} for row in rows],
        unique_fields=("account", "onlyfans_id"),
        update_fields=(*FAN_REMOTE_FIELDS, *SPEND_COLUMNS),
    )
    ids = fan_ids_by_onlyfans_id(account_id=account_id, onlyfans_ids=(row["onlyfans_id"] for row in rows))
    fan_spend_recompute(account_id=account_id, fan_ids=list(ids.values()))
    return ids


def _spend_columns(snapshot: dict[str, int] | None) -> dict[str, int]:
    """The spend columns as the snapshot alone says (the ledger delta is added after)."""
    if snapshot is None:
        return {}
    return {
        **{column: int(snapshot.get(kind, 0)) for kind, column in SPEND_KINDS.items()},
        "spend_total_cents": int(snapshot.get("total", 0)),
    }


def fan_stubs_ensure(*, account_id: int, users: dict[int, dict[str, Any]]) -> dict[int, int]:
    """Make sure a fan row exists for every OnlyFans user id seen in chats or the ledger.

    ``users`` maps ids to whatever profile fields are known (may be empty). Existing rows keep
    their data; new ones start as ``never`` subscribed until the fans stream sees them.
    """
    if not users:
        return {}
    known = fan_ids_by_onlyfans_id(account_id=account_id, onlyfans_ids=users)
    missing = [
        Fan(account_id=account_id, onlyfans_id=onlyfans_id, **profile)
        for onlyfans_id, profile in users.items()
        if onlyfans_id not in known
    ]
    if missing:
        Fan.objects.bulk_create(missing, ignore_conflicts=True)
        known = fan_ids_by_onlyfans_id(account_id=account_id, onlyfans_ids=users)
    return known


def fan_spend_recompute(*, account_id: int, fan_ids: list[int]) -> None:
    """Spend = the subscriber list's snapshot + what the ledger says happened after it.

    With ``S`` the snapshot time: sales (cleared or pending) dated after ``S`` add; a sale dated
    at or before ``S`` (so inside the snapshot) that was seen charged back after ``S``
    subtracts; a sale after ``S`` that was charged back counts 0 (OnlyFans marks the sale row,
    it writes no negative row). Other statuses count 0. A fan with no snapshot ("ledger only")
    starts from 0 and adds its live sales. See docs/architecture.md § Spend.
    """
    if not fan_ids:
        return
    fans = list(
        Fan.objects.filter(account_id=account_id, pk__in=fan_ids)
        .order_by()
        .only("pk", "spend_snapshot", *SPEND_COLUMNS)
    )
    snapshot_at = F("fan__spend_snapshot_at")
    live = Q(status__in=SPEND_STATUSES) & (
        Q(fan__spend_snapshot_at__isnull=True) | Q(occurred_at__gt=snapshot_at)
    )
    reversed_after = Q(
        status=EarningStatus.CHARGEBACK, occurred_at__lte=snapshot_at, chargeback_at__gt=snapshot_at
    )
    rows = (
        EarningsEntry.objects.filter(account_id=account_id, fan_id__in=fan_ids)
        .filter(live | reversed_after)
        .values_list("fan_id", "kind", "status")
        .annotate(amount=Sum("gross_cents"))
    )
    by_fan: dict[int, dict[str, int]] = {}
    for fan_id, kind, status, amount in rows:
        sign = -1 if status == EarningStatus.CHARGEBACK else 1
        per_kind = by_fan.setdefault(fan_id, {})
        per_kind[kind] = per_kind.get(kind, 0) + sign * amount
    changed = []
    for fan in fans:
        snapshot, delta = fan.spend_snapshot or {}, by_fan.get(fan.pk, {})
        target = _spend_columns(snapshot)
        for kind, column in SPEND_KINDS.items():
            target[column] += delta.get(kind, 0)
        target["spend_total_cents"] += sum(delta.values())
        if any(getattr(fan, column) != value for column, value in target.items()):
            for column, value in target.items():
                setattr(fan, column, value)
            changed.append(fan)
    # Only fans whose spend moved: a page of old ledger rows usually changes nobody.
    Fan.objects.bulk_update(changed, SPEND_COLUMNS, batch_size=500)
