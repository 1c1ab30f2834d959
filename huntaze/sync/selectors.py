"""Reads of sync state and run history, scoped to the user's access."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import get_for_user, scope_for_user
from huntaze.sync.models import RunStatus, SyncRun, SyncState


def sync_state_list(*, user: AbstractBaseUser | None, account_id: int | None = None) -> QuerySet[SyncState]:
    states = scope_for_user(SyncState.objects.all(), user=user)
    if account_id is not None:
        states = states.filter(account_id=account_id)
    return states


def sync_run_get(*, user: AbstractBaseUser | None, run_id: int) -> SyncRun:
    return get_for_user(SyncRun.objects.all(), user=user, pk=run_id)


def sync_run_current(*, user: AbstractBaseUser | None, account_id: int) -> SyncRun | None:
    """The account's newest run still queued or running (a page shows "syncing now"), if any."""
    runs = SyncRun.objects.filter(account_id=account_id, status__in=(RunStatus.QUEUED, RunStatus.RUNNING))
    return scope_for_user(runs, user=user).order_by("-created_at", "-pk").first()
