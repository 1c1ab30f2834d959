"""Fixtures of the shift tests: a Paris account with a chatter working on it, and a clock."""

from __future__ import annotations

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from huntaze.accounts.choices import Role
from huntaze.accounts.models import Membership
from huntaze.core.tests.factories import make_account, make_member

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def paris(team):
    return make_account(team, username="paris_nights", timezone_name="Europe/Paris")


@pytest.fixture
def chatter(team, paris):
    return make_member(team, Role.CHATTER, accounts=[paris])


@pytest.fixture
def membership(chatter, team):
    return Membership.objects.get(user=chatter, team=team)


@pytest.fixture
def frozen():
    """``frozen(datetime)`` sets what ``timezone.now()`` returns everywhere until the test ends."""
    with mock.patch("django.utils.timezone.now", side_effect=timezone.now) as now:

        def freeze(moment: datetime) -> datetime:
            now.side_effect, now.return_value = None, moment
            return moment

        yield freeze


def paris_time(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment on Paris' wall clock in the week of Monday 2026-03-23 (day 0 = Monday; winter
    time, UTC+1, until Sunday 29th 02:00, then summer time, UTC+2)."""
    return datetime(2026, 3, 23 + day, hour, minute, tzinfo=PARIS)
