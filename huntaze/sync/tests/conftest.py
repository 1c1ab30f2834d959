"""Sync tests run the real engine against the simulator (fixtures in ``huntaze/conftest.py``)."""

from __future__ import annotations

from huntaze.sync.models import SyncRun
from huntaze.sync.services import sync_run_create, sync_run_execute


def sync(account, streams=None) -> SyncRun:
    return sync_run_execute(run_id=sync_run_create(account=account, streams=streams, trigger="manual").pk)
