"""Shifts and the clock: who may change them, bad input, audit, and clocked hours."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from huntaze.accounts.choices import Role
from huntaze.accounts.models import Membership
from huntaze.audit.models import AuditEvent
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError, ValidationError
from huntaze.core.tests.factories import make_account, make_member, make_team
from huntaze.shifts.exceptions import ClockStateError, ShiftLockedError
from huntaze.shifts.models import ClockEvent, Shift, ShiftExtension
from huntaze.shifts.selectors import chatters_on_shift, clock_sessions, on_shift_seconds
from huntaze.shifts.services import (
    clock_in,
    clock_out,
    clock_outs_overdue,
    shift_add,
    shift_extend,
    shift_remove,
)
from huntaze.shifts.tests.conftest import paris_time

T0 = datetime(2026, 5, 20, 8, 0, tzinfo=UTC)


def add(actor, membership, account, **kwargs):
    values = {"weekday": 0, "start_time": time(9), "end_time": time(17)} | kwargs
    return shift_add(actor=actor, membership_id=membership.pk, account_id=account.pk, **values)


def test_owners_and_managers_add_shifts_audited(team, owner, membership, paris):
    manager = make_member(team, Role.MANAGER)
    shift = add(manager, membership, paris, start_time=time(22, 30, 15), end_time=time(2))
    assert (shift.start_time, shift.end_time, shift.crosses_midnight) == (time(22, 30), time(2), True)
    event = AuditEvent.objects.get(action="shift.add")
    assert (event.actor_id, event.account_id) == (manager.pk, paris.pk)
    assert event.after["start"] == "22:30"


def test_a_chatter_cannot_change_shifts(membership, chatter, paris):
    with pytest.raises(PermissionDeniedError):
        add(chatter, membership, paris)
    with pytest.raises(PermissionDeniedError):
        shift_extend(actor=chatter, membership_id=membership.pk, account_id=paris.pk, hours=2)
    assert not Shift.objects.exists()
    assert not ShiftExtension.objects.exists()


def test_other_tenants_members_and_accounts_are_not_found(owner, membership, paris):
    elsewhere = make_team("Team B")
    stranger_account = make_account(elsewhere)
    stranger = make_member(elsewhere, Role.CHATTER, accounts=[stranger_account])
    stranger_membership = Membership.objects.get(user=stranger)
    with pytest.raises(NotFoundError):
        add(owner, stranger_membership, paris)
    with pytest.raises(NotFoundError):
        add(owner, membership, stranger_account)
    shift = add(owner, membership, paris)
    other_owner = Membership.objects.get(team=elsewhere, role=Role.OWNER).user
    with pytest.raises(NotFoundError):
        shift_remove(actor=other_owner, shift_id=shift.pk)
    assert Shift.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start_time": time(9), "end_time": time(9)}, "end_time"),
        ({"weekday": 7}, "weekday"),
    ],
)
def test_bad_shifts_are_refused_and_nothing_is_saved(owner, membership, paris, kwargs, field):
    with pytest.raises(ValidationError) as caught:
        add(owner, membership, paris, **kwargs)
    assert caught.value.extra["field"] == field
    assert not Shift.objects.exists()


def test_shifts_are_only_for_chatters_on_their_accounts(team, owner, membership, paris):
    manager = make_member(team, Role.MANAGER)
    unassigned = make_account(team)
    with pytest.raises(ValidationError):
        add(owner, Membership.objects.get(user=manager), paris)
    with pytest.raises(ValidationError):
        add(owner, membership, unassigned)


@pytest.mark.parametrize("hours", [0, 25])
def test_an_extension_is_one_to_24_hours(owner, membership, paris, hours):
    with pytest.raises(ValidationError):
        shift_extend(actor=owner, membership_id=membership.pk, account_id=paris.pk, hours=hours)
    assert not ShiftExtension.objects.exists()


def test_removing_a_shift_is_audited(owner, membership, paris):
    shift = add(owner, membership, paris)
    shift_remove(actor=owner, shift_id=shift.pk)
    assert not Shift.objects.exists()
    assert AuditEvent.objects.get(action="shift.remove").before["start"] == "09:00"


def test_clock_in_and_out_give_durations_and_who_is_on_shift(frozen, chatter, paris):
    frozen(T0)
    clock_in(user=chatter, account_id=paris.pk)
    frozen(T0 + timedelta(hours=2, minutes=30))
    clock_out(user=chatter, account_id=paris.pk)
    frozen(T0 + timedelta(hours=4))
    clock_in(user=chatter, account_id=paris.pk)
    frozen(T0 + timedelta(hours=5))
    assert on_shift_seconds(
        account_id=paris.pk, user_id=chatter.pk, start=T0, end=T0 + timedelta(hours=10)
    ) == (
        3.5 * 3600  # 2h30 closed, 1h still open up to now
    )
    window = on_shift_seconds(
        account_id=paris.pk,
        user_id=chatter.pk,
        start=T0 + timedelta(hours=1),
        end=T0 + timedelta(hours=4, minutes=30),
    )
    assert window == 1.5 * 3600 + 0.5 * 3600
    assert chatters_on_shift(account_id=paris.pk, at=T0 + timedelta(hours=1)) == {chatter.pk}
    assert chatters_on_shift(account_id=paris.pk, at=T0 + timedelta(hours=3)) == set()
    assert chatters_on_shift(account_id=paris.pk, at=T0 - timedelta(minutes=1)) == set()
    sessions = clock_sessions(user=chatter, team_id=paris.team_id)
    assert [(s.duration, s.ended_at is None) for s in sessions] == [("1:00", True), ("2:30", False)]
    assert AuditEvent.objects.filter(action__startswith="shift.clock_").count() == 3


def test_clocking_twice_the_same_way_is_refused(chatter, paris):
    with pytest.raises(ClockStateError):
        clock_out(user=chatter, account_id=paris.pk)
    clock_in(user=chatter, account_id=paris.pk)
    with pytest.raises(ClockStateError):
        clock_in(user=chatter, account_id=paris.pk)
    assert ClockEvent.objects.count() == 1


def test_clock_in_needs_the_shift_but_clock_out_does_not(frozen, owner, membership, chatter, paris):
    add(owner, membership, paris, weekday=0, start_time=time(9), end_time=time(17))
    frozen(paris_time(0, 16))
    clock_in(user=chatter, account_id=paris.pk)
    frozen(paris_time(0, 17, 5))
    with pytest.raises(ShiftLockedError):
        clock_in(user=chatter, account_id=paris.pk)
    clock_out(user=chatter, account_id=paris.pk)
    assert list(ClockEvent.objects.values_list("kind", flat=True)) == ["out", "in"]


def test_a_forgotten_clock_out_is_made_when_the_shift_ends_not_before(
    frozen, owner, membership, chatter, paris
):
    add(owner, membership, paris, weekday=0, start_time=time(9), end_time=time(17))
    unlimited = make_member(paris.team, Role.CHATTER, accounts=[paris])  # no shifts: works any time
    frozen(paris_time(0, 9))
    clock_in(user=chatter, account_id=paris.pk)
    clock_in(user=unlimited, account_id=paris.pk)
    assert clock_outs_overdue(now=paris_time(0, 16, 59)) == 0  # still in the shift
    assert clock_outs_overdue(now=paris_time(0, 17, 5)) == 1
    out = ClockEvent.objects.get(kind="out")
    assert (out.user_id, out.at) == (chatter.pk, paris_time(0, 17, 5))
    frozen(paris_time(0, 23))
    assert on_shift_seconds(
        account_id=paris.pk, user_id=chatter.pk, start=paris_time(0, 0), end=paris_time(0, 23)
    ) == (8 * 3600 + 5 * 60)  # not the whole evening the chatter forgot to clock out
    event = AuditEvent.objects.get(action="shift.clock_out")
    assert (event.actor_id, event.actor_label) == (None, "system:shift_end")
    assert clock_outs_overdue(now=paris_time(0, 17, 10)) == 0  # once
    assert ClockEvent.objects.filter(user=unlimited, kind="out").count() == 0


def test_a_stranger_cannot_clock_on_an_account(paris):
    stranger = make_member(make_team("Team B"), Role.OWNER)
    with pytest.raises(NotFoundError):
        clock_in(user=stranger, account_id=paris.pk)
    with pytest.raises(NotFoundError):
        clock_out(user=stranger, account_id=paris.pk)
