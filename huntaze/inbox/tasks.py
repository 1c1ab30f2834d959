"""Huey jobs of the inbox: keep each account's suggestion index in step with its history, and
assign waiting chats after a sync."""

from __future__ import annotations

from django.core.cache import cache
from huey.contrib.djhuey import HUEY, db_task, lock_task
from huey.exceptions import TaskLockedException

from huntaze.accounts.models import OnlyFansAccount
from huntaze.inbox.assignment import chats_auto_assign
from huntaze.inbox.suggestions.index import reply_index_refresh

REFRESH_DEBOUNCE_SECONDS = 60


@db_task()
def reply_index_refresh_task(account_id: int) -> None:
    try:
        with lock_task(f"reply-index-{account_id}"):
            account = OnlyFansAccount.objects.filter(pk=account_id).first()
            if account is not None:
                reply_index_refresh(account)
    except TaskLockedException:
        pass  # another worker is building it right now


def reply_index_refresh_soon(account_id: int) -> None:
    """Queue a rebuild of the account's index, at most once a minute per account.

    Called by the sync after it stored messages, and by a web process that found the
    published index behind the history.
    """
    if HUEY.immediate or cache.add(f"huntaze:reply-index-queued:{account_id}", 1, REFRESH_DEBOUNCE_SECONDS):
        reply_index_refresh_task(account_id)


@db_task(retries=2, retry_delay=30)
def chats_auto_assign_task(account_id: int) -> None:
    """Give the account's waiting, unassigned chats to its chatters by the team's mode."""
    try:
        with lock_task(f"chats-auto-assign-{account_id}"):
            chats_auto_assign(account_id=account_id)
    except TaskLockedException:
        pass  # a run for this account is assigning right now; the next sync catches up
