"""Writes of Huntaze-owned fan fields (tags, notes). A sync never calls these."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from huntaze.audit.services import audit_record
from huntaze.core.exceptions import ValidationError
from huntaze.fans.models import Fan, Tag
from huntaze.fans.selectors import fan_get

TAG_MAX_LENGTH = 50
TAGS_PER_FAN_MAX = 30
NOTES_MAX_LENGTH = 10_000


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
    audit_record(
        action="fan.tags_set",
        actor=user,
        team_id=fan.account.team_id,
        account_id=fan.account_id,
        target=fan,
        before={"tags": before},
        after={"tags": names},
    )
    return fan


@transaction.atomic
def fan_notes_set(*, user: AbstractBaseUser, fan_id: int, notes: str) -> Fan:
    """Replace a fan's private notes (audited)."""
    if len(notes) > NOTES_MAX_LENGTH:
        raise ValidationError(f"Notes are at most {NOTES_MAX_LENGTH} characters.")
    fan = fan_get(user=user, fan_id=fan_id)
    before = fan.notes
    fan.notes = notes
    fan.save(update_fields=["notes", "updated_at"])
    audit_record(
        action="fan.notes_set",
        actor=user,
        team_id=fan.account.team_id,
        account_id=fan.account_id,
        target=fan,
        before={"notes": before},
        after={"notes": notes},
    )
    return fan
