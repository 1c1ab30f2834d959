"""Kill -9 a real Huey worker mid-sync, then let another worker resume: nothing lost or doubled."""

from __future__ import annotations

import signal
from datetime import timedelta

import pytest

from huntaze.inbox.models import Message
from huntaze.sync.models import RunStatus, SyncLease, SyncRun
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

LEASE_SECONDS = 3


def test_kill_9_of_a_worker_mid_sync_then_resume_loses_and_duplicates_nothing(
    sim_account, simulator, tmp_path
):
    simulator.control.rate_limit(25, burst=5)  # slow enough to be caught in the middle
    env = worker_env(ONLYFANS_RATE_PER_SECOND="0", HUNTAZE_SYNC_LEASE_SECONDS=str(LEASE_SECONDS))
    queue = worker_queue()
    queue.flush()
    killed_run = sync_run_create(account=sim_account, trigger="manual")
    sync_run_enqueue_to(queue, killed_run.pk)
    with huey_workers(1, env=env, log_dir=tmp_path) as (worker,):
        wait_until(
            lambda: Message.objects.filter(account=sim_account).count() >= 60,
            timeout=60,
            what="the worker to store some messages",
            log_dir=tmp_path,
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    partial = Message.objects.filter(account=sim_account).count()
    assert 0 < partial < sum(chat["messagesCount"] for chat in simulator.control.state("chats"))
    assert SyncRun.objects.get(pk=killed_run.pk).status == RunStatus.RUNNING  # nobody told the row
    assert SyncLease.objects.get(account=sim_account).holder  # the dead worker's lease still holds

    simulator.control.rate_limit(None)
    run = sync_run_create(account=sim_account, trigger="schedule")
    sync_run_enqueue_to(queue, run.pk)
    with huey_workers(1, env=env, log_dir=tmp_path):
        wait_until(lambda: runs_finished([run.pk]), timeout=120, what="the resumed run", log_dir=tmp_path)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error_message
    assert_matches_simulator(sim_account, simulator.control)
    killed_run.refresh_from_db()
    assert (killed_run.status, killed_run.error_class) == (RunStatus.FAILED, "WorkerLost")
    assert run.started_at - killed_run.started_at >= timedelta(seconds=LEASE_SECONDS)
