"""The multi-machine layout on one machine: 20 accounts, 3 Huey worker processes, PostgreSQL, Redis.

Each account is its own simulated creator (one simulator process serving all 20), so the
simulator's per-creator access log shows what every account's syncs did to OnlyFans.
"""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from huntaze.accounts.connector import rules_provider
from huntaze.accounts.services import account_create
from huntaze.simulator.data import CREATOR_ID
from huntaze.simulator.server import SimulatorConfig, run_subprocess, sim_session
from huntaze.sync.models import RunStatus, Stream, SyncRun
from huntaze.sync.services import sync_run_create
from huntaze.sync.tests.test_sync_simulator import assert_matches_simulator
from huntaze.sync.tests.workers import (
    huey_workers,
    runs_finished,
    sync_run_enqueue_to,
    wait_until,
    worker_env,
    worker_queue,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ACCOUNTS, WORKERS = 20, 3
RATE, BURST, WINDOW = 8.0, 4, 5.0
REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of its own: the test flushes it


@pytest.fixture
def redis_url():
    if connection.vendor != "postgresql":
        pytest.skip("the several-workers layout is PostgreSQL + Redis (run the suite with DATABASE_URL)")
    redis = Redis.from_url(REDIS_URL)
    try:
        redis.flushdb()
    except RedisConnectionError as exc:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
    finally:
        redis.close()
    return REDIS_URL


@pytest.fixture
def simulator(settings):
    with run_subprocess(SimulatorConfig(size="small", seed=21, creators=ACCOUNTS)) as sim:
        settings.ONLYFANS_BASE_URL, settings.ONLYFANS_RULES_URL = sim.api_url, sim.rules_url
        rules_provider.cache_clear()
        yield sim
    rules_provider.cache_clear()


def test_20_accounts_on_3_workers_sync_completely_one_at_a_time_and_politely(
    redis_url, simulator, team, tmp_path
):
    accounts = [
        account_create(
            team=team, onlyfans_user_id=CREATOR_ID + k, username=f"creator{k}", session=sim_session(k)
        )
        for k in range(ACCOUNTS)
    ]
    queue = worker_queue(redis_url=redis_url)
    # Two runs per account queued at once — a full sync and an on-demand chats sync — so
    # workers contend for the same accounts and the lease has to serialise them.
    runs = [
        sync_run_create(account=account, streams=streams, trigger="api")
        for account, streams in itertools.product(accounts, (None, [Stream.CHATS]))
    ]
    for run in runs:
        sync_run_enqueue_to(queue, run.pk)
    env = worker_env(
        redis_url=redis_url,
        ONLYFANS_RATE_PER_SECOND=str(RATE),
        ONLYFANS_RATE_BURST=str(BURST),
        ONLYFANS_RATE_JITTER="0.05",
    )
    run_ids = [run.pk for run in runs]
    with huey_workers(WORKERS, env=env, log_dir=tmp_path):
        wait_until(lambda: runs_finished(run_ids), timeout=300, what="all 40 runs", log_dir=tmp_path)

    finished = list(SyncRun.objects.filter(pk__in=run_ids).order_by("started_at"))
    assert {run.status for run in finished} == {RunStatus.SUCCEEDED}, [
        (run.pk, run.error_class, run.error_message) for run in finished if run.error_class
    ]
    assert len({run.worker.split(":")[1] for run in finished}) == WORKERS  # every process took work
    for k, account in enumerate(accounts):
        own = [run for run in finished if run.account_id == account.pk]
        for earlier, later in itertools.pairwise(own):
            assert later.started_at >= earlier.finished_at, f"account {k} synced by two workers at once"
        assert_matches_simulator(account, simulator.control_for(k))
        allowed = BURST + RATE * WINDOW
        worst = simulator.control_for(k).max_requests_in_window(WINDOW)
        assert worst <= allowed, f"account {k}: {worst} requests in {WINDOW} s (allowed {allowed})"
