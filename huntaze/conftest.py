"""Fixtures shared by every app's tests."""

from __future__ import annotations

import os

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


# Browser tests: Playwright drives Debian's chromium (installed by `make system-deps`).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + sync Playwright share a thread


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
