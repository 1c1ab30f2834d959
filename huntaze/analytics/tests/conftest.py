"""Fixtures of the analytics tests: an account in a time zone with daylight saving, a clean cache."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from huntaze.core.tests.factories import make_account


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _empty_cache():
    # The page caches its figures per account id; ids repeat across tests that roll back.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def paris(team):
    """An account in Europe/Paris: UTC+2 until 2026-10-25 01:00 UTC, UTC+1 after."""
    return make_account(team, username="paris_creator", timezone_name="Europe/Paris")
