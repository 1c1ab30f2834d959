"""Kill -9 a real sync process mid-sync, then resume: nothing lost, nothing doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from huntaze.inbox.models import Message
from huntaze.sync.exceptions import SyncBusyError
from huntaze.sync.models import SyncLease, SyncRun
from huntaze.sync.tests.conftest import sync
from huntaze.sync.tests.test_sync_simulator import assert_matches_simulator

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_kill_9_mid_sync_then_resume_loses_and_duplicates_nothing(sim_account, simulator):
    simulator.control.rate_limit(25, burst=5)  # slow enough to be caught in the middle
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "HUNTAZE_DATA_DIR": str(settings.DATA_DIR),
        "ONLYFANS_BASE_URL": settings.ONLYFANS_BASE_URL,
        "ONLYFANS_RULES_URL": settings.ONLYFANS_RULES_URL,
        "ONLYFANS_RATE_PER_SECOND": "0",
        "DJANGO_SETTINGS_MODULE": "huntaze.config.settings.base",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "huntaze.cli", "sync", str(sim_account.pk)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while Message.objects.filter(account=sim_account).count() < 60:
        assert worker.poll() is None, "the sync finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    partial = Message.objects.filter(account=sim_account).count()
    assert 0 < partial < sum(chat["messagesCount"] for chat in simulator.control.state("chats"))

    with pytest.raises(SyncBusyError):  # the dead worker's lease still holds: no concurrent sync
        sync(sim_account)
    SyncLease.objects.filter(account=sim_account).update(expires_at=timezone.now())  # as if it expired

    simulator.control.rate_limit(None)
    run = sync(sim_account)
    assert run.status == "succeeded", run.error_message
    assert_matches_simulator(sim_account, simulator.control)
    killed = SyncRun.objects.filter(account=sim_account).exclude(pk=run.pk).order_by("pk")
    assert [r.error_class for r in killed if r.status == "failed"][-1] == "WorkerLost"
