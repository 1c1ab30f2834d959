"""Fixtures shared by every app's tests."""

from __future__ import annotations

import os

import pytest

from huntaze.accounts.connector import rules_provider
from huntaze.accounts.services import account_create
from huntaze.core.tests import factories
from huntaze.simulator.server import SIM_AUTH_ID, SIM_SESSION, SimulatorConfig, run_in_thread


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's session keeps an event loop running in the main thread, and
    the sync (``asyncio.run``) cannot run in a thread that has one."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture
def owner(db):
    return factories.make_user("owner")


@pytest.fixture
def team(owner):
    return factories.make_team("Team A", owner=owner)


@pytest.fixture
def account(team):
    return factories.make_account(team, username="luna_creates")


@pytest.fixture
def simulator():
    """The OnlyFans simulator (``small``) on loopback, in a thread of the test process."""
    with run_in_thread(SimulatorConfig(size="small", seed=7)) as sim:
        yield sim


@pytest.fixture
def sim_settings(settings, simulator):
    settings.ONLYFANS_BASE_URL = simulator.api_url
    settings.ONLYFANS_RULES_URL = simulator.rules_url
    settings.ONLYFANS_RATE_PER_SECOND = 0  # the simulator's own limits are what tests exercise
    rules_provider.cache_clear()
    yield settings
    rules_provider.cache_clear()


@pytest.fixture
def sim_account(transactional_db, sim_settings, team):
    """An account connected to the simulator's creator."""
    return account_create(
        team=team, onlyfans_user_id=SIM_AUTH_ID, username="luna_creates", session=SIM_SESSION
    )


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


@pytest.fixture(autouse=True)
def suggestion_index_dir(settings, tmp_path):
    """Each test publishes its suggestion indexes in its own folder."""
    settings.HUNTAZE_SUGGESTION_INDEX_DIR = str(tmp_path / "suggestions")
