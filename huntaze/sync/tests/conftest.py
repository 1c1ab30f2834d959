"""Sync tests run the real engine against the simulator over loopback HTTP."""

from __future__ import annotations

import pytest

from huntaze.accounts.connector import rules_provider
from huntaze.accounts.services import account_create
from huntaze.simulator.server import SIM_AUTH_ID, SIM_SESSION, SimulatorConfig, run_in_thread
from huntaze.sync.models import SyncRun
from huntaze.sync.services import sync_run_create, sync_run_execute


@pytest.fixture
def simulator():
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
    return account_create(
        team=team, onlyfans_user_id=SIM_AUTH_ID, username="luna_creates", session=SIM_SESSION
    )


def sync(account, streams=None) -> SyncRun:
    return sync_run_execute(run_id=sync_run_create(account=account, streams=streams, trigger="manual").pk)
