"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest

from huntaze.core.tests import factories


@pytest.fixture
def owner(db):
    return factories.make_user("owner")


@pytest.fixture
def team(owner):
    return factories.make_team("Team A", owner=owner)


@pytest.fixture
def account(team):
    return factories.make_account(team, username="luna_creates")
