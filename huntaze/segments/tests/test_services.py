"""Saving, changing, deleting and recounting segments: roles, tenants, limits, defaults, history."""

from __future__ import annotations

from datetime import timedelta

import pytest

from huntaze.audit.models import AuditEvent
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError, ValidationError
from huntaze.core.tests.factories import BASE_TIME, make_account, make_fan, make_member, make_team, make_user
from huntaze.segments import services
from huntaze.segments.choices import BuiltinSegment
from huntaze.segments.exceptions import (
    SegmentDefinitionInvalidError,
    SegmentLimitError,
    SegmentNameTakenError,
)
from huntaze.segments.models import Segment, SegmentSnapshot, SpendTiers
from huntaze.segments.selectors import segment_fans, segment_list, spend_tiers_effective
from huntaze.segments.services import (
    SEGMENT_DEFAULTS,
    segment_create,
    segment_delete,
    segment_update,
    segments_overview,
    segments_refresh,
    spend_tiers_set,
)

pytestmark = pytest.mark.django_db
EXPIRED = {"rules": [{"kind": "expired"}]}
NOW = BASE_TIME


def create(user, account, name="Lapsed", definition=EXPIRED, **kwargs):
    return segment_create(user=user, account_id=account.pk, name=name, definition=definition, **kwargs)


def test_a_segment_is_counted_when_saved_and_audited(owner, account):
    make_fan(account, subscription_status="expired")
    make_fan(account, subscription_status="active")
    segment = create(owner, account, now=NOW)
    assert (segment.fan_count, segment.counted_at) == (1, NOW)
    assert SegmentSnapshot.objects.get(segment=segment).fan_count == 1
    event = AuditEvent.objects.get(action="segment.create")
    assert (event.actor_id, event.account_id, event.target_id) == (owner.pk, account.pk, str(segment.pk))


def test_managers_create_and_chatters_cannot(team, account):
    manager = make_member(team, "manager")
    chatter = make_member(team, "chatter", accounts=[account])
    assert create(manager, account).pk
    with pytest.raises(PermissionDeniedError):
        create(chatter, account, name="Other")
    segment = Segment.objects.get(name="Lapsed")
    with pytest.raises(PermissionDeniedError):
        segment_update(user=chatter, segment_id=segment.pk, name="x", definition=EXPIRED)
    with pytest.raises(PermissionDeniedError):
        segment_delete(user=chatter, segment_id=segment.pk)
    assert Segment.objects.filter(pk=segment.pk, name="Lapsed").exists()


def test_a_chatter_sees_only_segments_of_assigned_accounts(team, account):
    other = make_account(team)
    chatter = make_member(team, "chatter", accounts=[account])
    owner = team.memberships.get(role="owner").user
    hidden = create(owner, other)
    assert segments_overview(user=chatter, account_id=account.pk).can_edit is False
    with pytest.raises(NotFoundError):
        segments_overview(user=chatter, account_id=other.pk)
    with pytest.raises(NotFoundError):
        segment_fans(user=chatter, segment_id=hidden.pk)


def test_another_tenants_segments_are_not_found(owner, account):
    segment = create(owner, account)
    stranger = make_user()
    make_team("B", owner=stranger)
    for call in (
        lambda: segment_fans(user=stranger, segment_id=segment.pk),
        lambda: segment_update(user=stranger, segment_id=segment.pk, name="x", definition=EXPIRED),
        lambda: segment_delete(user=stranger, segment_id=segment.pk),
        lambda: create(stranger, account, name="Mine now"),
        lambda: segments_overview(user=stranger, account_id=account.pk),
    ):
        with pytest.raises(NotFoundError):
            call()
    assert Segment.objects.filter(account=account).count() == 1 + len(SEGMENT_DEFAULTS)


def test_bad_input_is_refused_and_nothing_is_saved(owner, account):
    create(owner, account, name="Lapsed")
    before = Segment.objects.count()
    with pytest.raises(SegmentDefinitionInvalidError):
        create(owner, account, name="Broken", definition={"rules": [{"kind": "new", "days": -1}]})
    with pytest.raises(SegmentNameTakenError):
        create(owner, account, name="  LAPSED ")
    with pytest.raises(ValidationError):
        create(owner, account, name="   ")
    assert Segment.objects.count() == before


def test_names_are_unique_per_account_not_across_accounts(owner, team, account):
    create(owner, account, name="Lapsed")
    assert create(owner, make_account(team), name="Lapsed").pk


def test_an_account_has_at_most_the_maximum_of_segments(owner, account, monkeypatch):
    monkeypatch.setattr(services, "SEGMENTS_PER_ACCOUNT_MAX", len(SEGMENT_DEFAULTS) + 2)
    create(owner, account, name="One")
    create(owner, account, name="Two")
    with pytest.raises(SegmentLimitError) as caught:
        create(owner, account, name="Three")
    assert caught.value.extra == {"max": len(SEGMENT_DEFAULTS) + 2}
    assert not Segment.objects.filter(name="Three").exists()


def test_defaults_are_created_once_on_first_use_and_stay_deleted(owner, account):
    make_fan(account, subscribed_at=NOW - timedelta(days=2), spend_total_cents=0)
    overview = segments_overview(user=owner, account_id=account.pk, now=NOW)
    by_key = {segment.builtin: segment for segment in overview.segments}
    assert set(by_key) == set(BuiltinSegment.values)
    assert by_key[BuiltinSegment.NEW_THIS_WEEK].name == "New this week"
    assert by_key[BuiltinSegment.NEW_THIS_WEEK].fan_count == 1
    assert by_key[BuiltinSegment.NO_SPENDERS].fan_count == 1
    assert by_key[BuiltinSegment.WHALES].fan_count == 0
    segment_delete(user=owner, segment_id=by_key[BuiltinSegment.WHALES].pk)
    again = segments_overview(user=owner, account_id=account.pk, now=NOW)
    assert BuiltinSegment.WHALES not in {segment.builtin for segment in again.segments}
    assert len(again.segments) == len(BuiltinSegment.values) - 1


def test_saving_a_segment_is_a_first_use_too(owner, account):
    create(owner, account, name="Mine")
    builtins = Segment.objects.filter(account=account).exclude(builtin="")
    assert set(builtins.values_list("builtin", flat=True)) == set(BuiltinSegment.values)
    with pytest.raises(SegmentNameTakenError):
        create(owner, account, name="WHALES")


def test_refresh_recounts_every_segment_and_records_the_day(owner, account):
    segment = create(owner, account, now=NOW)
    make_fan(account, subscription_status="expired")
    make_fan(account, subscription_status="expired")
    assert segments_refresh(account=account, now=NOW + timedelta(hours=1)) == 1 + len(SEGMENT_DEFAULTS)
    segment.refresh_from_db()
    assert (segment.fan_count, segment.counted_at) == (2, NOW + timedelta(hours=1))
    assert list(segment.snapshots.values_list("date", "fan_count")) == [(NOW.date(), 2)]


def test_change_since_yesterday_compares_with_yesterdays_last_count(owner, account):
    yesterday, today = NOW - timedelta(days=1), NOW
    for _ in range(3):
        make_fan(account, subscription_status="expired")
    segment = create(owner, account, now=yesterday - timedelta(hours=2))
    assert segment_list(account=account, now=yesterday).get(pk=segment.pk).change is None  # no day before
    make_fan(account, subscription_status="expired")
    segments_refresh(account=account, now=yesterday)  # yesterday's last count: 4
    for _ in range(3):
        make_fan(account, subscription_status="expired")
    segments_refresh(account=account, now=today)
    assert segment_list(account=account, now=today).get(pk=segment.pk).change == 3
    make_fan(account, subscription_status="active")
    Segment.objects.filter(pk=segment.pk).update(fan_count=2)  # counted fewer today
    assert segment_list(account=account, now=today).get(pk=segment.pk).change == -2


def test_the_day_of_a_snapshot_is_the_accounts_local_day(owner, team):
    account = make_account(team, username="tokyo")
    account.timezone = "Asia/Tokyo"
    account.save()
    late_utc = NOW.replace(hour=20)  # already the next day in Tokyo (UTC+9)
    segment = create(owner, account, now=late_utc)
    assert segment.snapshots.get().date == late_utc.date() + timedelta(days=1)


def test_changing_the_rules_recounts_and_forgets_the_old_history(owner, account):
    make_fan(account, subscription_status="active", renew_on=False)
    segment = create(owner, account, now=NOW - timedelta(days=1))
    segment = segment_update(
        user=owner,
        segment_id=segment.pk,
        name="Not renewing",
        definition={"rules": [{"kind": "renew", "on": False}]},
        now=NOW,
    )
    assert (segment.name, segment.fan_count) == ("Not renewing", 1)
    assert list(segment.snapshots.values_list("date", flat=True)) == [NOW.date()]
    # A rename alone keeps the history.
    segment_update(
        user=owner,
        segment_id=segment.pk,
        name="Renew off",
        definition=segment.definition,
        now=NOW + timedelta(days=1),
    )
    assert segment.snapshots.count() == 2
    assert AuditEvent.objects.filter(action="segment.update").count() == 2


def test_renaming_onto_another_segment_is_refused(owner, account):
    create(owner, account, name="A")
    b = create(owner, account, name="B")
    with pytest.raises(SegmentNameTakenError):
        segment_update(user=owner, segment_id=b.pk, name="a", definition=EXPIRED)
    b.refresh_from_db()
    assert b.name == "B"


def test_deleting_keeps_the_fans_and_is_audited(owner, account):
    fan = make_fan(account, subscription_status="expired")
    segment = create(owner, account)
    segment_delete(user=owner, segment_id=segment.pk)
    assert not Segment.objects.filter(pk=segment.pk).exists()
    assert not SegmentSnapshot.objects.filter(segment_id=segment.pk).exists()
    fan.refresh_from_db()
    assert AuditEvent.objects.filter(action="segment.delete", target_id=str(segment.pk)).exists()


def test_spend_tiers_per_team_and_per_account(owner, team, account):
    other = make_account(team)
    minimums = {"bronze": 1, "silver": 2, "gold": 3, "platinum": 4}
    spend_tiers_set(user=owner, team_id=team.pk, minimums=minimums)
    spend_tiers_set(user=owner, account_id=account.pk, minimums={**minimums, "platinum": 9})
    assert spend_tiers_effective(account=account).source == "account"
    assert spend_tiers_effective(account=account).minimums["platinum"] == 9
    assert spend_tiers_effective(account=other).source == "team"
    spend_tiers_set(user=owner, account_id=account.pk, minimums=None)
    assert spend_tiers_effective(account=account).source == "team"
    spend_tiers_set(user=owner, team_id=team.pk, minimums=None)
    assert spend_tiers_effective(account=account).source == "default"
    assert AuditEvent.objects.filter(action="segment.spend_tiers_set").count() == 4


@pytest.mark.parametrize(
    "minimums",
    [
        {"bronze": 0, "silver": 2, "gold": 3, "platinum": 4},
        {"bronze": 1, "silver": 1, "gold": 3, "platinum": 4},
        {"bronze": 5, "silver": 4, "gold": 3, "platinum": 2},
        {"bronze": 1, "silver": 2, "gold": 3},
        {"bronze": 1, "silver": 2, "gold": 3, "platinum": 4.5},
    ],
)
def test_spend_tiers_must_ascend_from_above_zero(owner, team, minimums):
    with pytest.raises(ValidationError):
        spend_tiers_set(user=owner, team_id=team.pk, minimums=minimums)
    assert not SpendTiers.objects.exists()


def test_spend_tiers_are_for_owners_and_managers_of_the_team(team, account):
    chatter = make_member(team, "chatter", accounts=[account])
    minimums = {"bronze": 1, "silver": 2, "gold": 3, "platinum": 4}
    with pytest.raises(PermissionDeniedError):
        spend_tiers_set(user=chatter, account_id=account.pk, minimums=minimums)
    with pytest.raises(PermissionDeniedError):
        spend_tiers_set(user=chatter, team_id=team.pk, minimums=minimums)
    stranger = make_user()
    with pytest.raises(NotFoundError):
        spend_tiers_set(user=stranger, team_id=team.pk, minimums=minimums)
    with pytest.raises(ValidationError):
        spend_tiers_set(user=make_member(team, "manager"), minimums=minimums)
    assert not SpendTiers.objects.exists()


def test_changing_spend_tiers_recounts_the_accounts_segments(
    owner, team, account, django_capture_on_commit_callbacks
):
    make_fan(account, spend_total_cents=150)
    segment = create(
        owner, account, name="Silver", definition={"rules": [{"kind": "spend_tier", "tier": "silver"}]}
    )
    assert segment.fan_count == 0
    with django_capture_on_commit_callbacks(execute=True):
        spend_tiers_set(
            user=owner, team_id=team.pk, minimums={"bronze": 1, "silver": 100, "gold": 200, "platinum": 300}
        )
    segment.refresh_from_db()
    assert segment.fan_count == 1  # the test settings run queued jobs at once
