"""The shift lock in ``accounts.access``: windows in the account's time zone, across midnight and
a daylight-saving change, extensions, and what a locked chatter is told."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from huntaze.accounts.access import accessible_accounts, get_for_user
from huntaze.accounts.choices import Role
from huntaze.core.exceptions import NotFoundError
from huntaze.core.tests.factories import make_account, make_chat_with_messages, make_member, make_team
from huntaze.inbox.models import Chat
from huntaze.shifts.exceptions import ShiftLockedError
from huntaze.shifts.services import shift_add, shift_extend, shift_remove
from huntaze.shifts.tests.conftest import paris_time


def visible(user, at):
    return set(accessible_accounts(user, at=at).values_list("username", flat=True))


@pytest.fixture
def night_shift(owner, membership, paris):
    """Monday 22:00 to Tuesday 02:00, Paris time."""
    return shift_add(
        actor=owner,
        membership_id=membership.pk,
        account_id=paris.pk,
        weekday=0,
        start_time=time(22),
        end_time=time(2),
    )


def test_a_chatter_without_shifts_is_not_limited(chatter, paris):
    assert visible(chatter, paris_time(3, 4)) == {"paris_nights"}


@pytest.mark.parametrize(
    ("day", "hour", "minute", "open_"),
    [
        (0, 21, 59, False),  # Monday, a minute before
        (0, 22, 0, True),  # starts
        (0, 23, 30, True),
        (1, 0, 0, True),  # Tuesday after midnight: still Monday's shift
        (1, 1, 59, True),
        (1, 2, 0, False),  # ends
        (1, 22, 30, False),  # Tuesday night: no shift
        (6, 23, 0, False),  # Sunday
    ],
)
def test_a_shift_across_midnight_opens_the_account_in_its_own_time_zone(
    chatter, night_shift, day, hour, minute, open_
):
    expected = {"paris_nights"} if open_ else set()
    assert visible(chatter, paris_time(day, hour, minute)) == expected


def test_the_window_follows_the_wall_clock_across_a_daylight_saving_change(owner, membership, paris, chatter):
    # Sunday 29 March 2026, Paris moves from UTC+1 to UTC+2 at 02:00.
    shift_add(
        actor=owner,
        membership_id=membership.pk,
        account_id=paris.pk,
        weekday=0,
        start_time=time(9),
        end_time=time(17),
    )
    monday_after = paris_time(7, 9)  # Monday 30 March, 09:00 summer time = 07:00 UTC
    assert monday_after.utcoffset() == timedelta(hours=2)
    assert visible(chatter, monday_after) == {"paris_nights"}
    assert visible(chatter, monday_after - timedelta(minutes=1)) == set()
    assert visible(chatter, paris_time(0, 16, 59)) == {"paris_nights"}  # Monday 23rd, winter time


def test_owners_and_managers_are_never_limited(team, owner, paris, night_shift):
    manager = make_member(team, Role.MANAGER)
    for user in (owner, manager):
        assert visible(user, paris_time(3, 12)) == {"paris_nights"}


def test_a_chatter_who_becomes_manager_is_no_longer_limited(team, owner, chatter, membership, night_shift):
    membership.role = Role.MANAGER
    membership.save()
    assert visible(chatter, paris_time(3, 12)) == {"paris_nights"}


def test_shifts_limit_only_the_account_they_are_on(team, owner, membership, chatter, paris, night_shift):
    other = make_account(team, username="other_acc")
    membership.accounts.add(other)
    assert visible(chatter, paris_time(3, 12)) == {"other_acc"}


def test_an_extension_opens_the_account_until_it_ends(frozen, owner, membership, chatter, paris, night_shift):
    now = frozen(paris_time(2, 12))  # Wednesday noon
    assert visible(chatter, now) == set()
    extension = shift_extend(actor=owner, membership_id=membership.pk, account_id=paris.pk, hours=2)
    assert extension.until == now + timedelta(hours=2)
    assert visible(chatter, now + timedelta(hours=1, minutes=59)) == {"paris_nights"}
    assert visible(chatter, now + timedelta(hours=2)) == set()


def test_removing_the_last_shift_lifts_the_limit(owner, chatter, night_shift):
    shift_remove(actor=owner, shift_id=night_shift.pk)
    assert visible(chatter, paris_time(3, 12)) == {"paris_nights"}


def test_a_locked_row_says_when_the_next_shift_starts(frozen, chatter, paris, night_shift):
    chat = make_chat_with_messages(paris, count=1)
    frozen(paris_time(1, 12))  # Tuesday noon: next shift Monday 22:00
    with pytest.raises(ShiftLockedError) as caught:
        get_for_user(Chat.objects.all(), user=chatter, pk=chat.pk)
    error = caught.value
    assert (error.http_status, error.code) == (403, "shift_locked")
    assert error.message == "Your shift on @paris_nights starts Monday 22:00 (Europe/Paris)."
    assert error.extra["next_shift_starts_at"] == "2026-03-30T22:00:00+02:00"
    frozen(paris_time(0, 23))
    assert get_for_user(Chat.objects.all(), user=chatter, pk=chat.pk) == chat


def test_other_tenants_rows_stay_not_found_for_a_locked_chatter(frozen, chatter, night_shift):
    elsewhere = make_account(make_team("Team B"))
    chat = make_chat_with_messages(elsewhere, count=1)
    frozen(paris_time(1, 12))
    with pytest.raises(NotFoundError):
        get_for_user(Chat.objects.all(), user=chatter, pk=chat.pk)
    with pytest.raises(NotFoundError):
        get_for_user(Chat.objects.all(), user=chatter, pk=10**9)
