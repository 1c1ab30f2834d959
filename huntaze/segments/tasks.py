"""Huey jobs of the segments domain."""

from __future__ import annotations

from django.db import transaction
from huey.contrib.djhuey import db_task

from huntaze.accounts.models import OnlyFansAccount
from huntaze.segments.services import segments_refresh


@db_task(retries=2, retry_delay=30)
def segments_refresh_task(account_id: int) -> None:
    """Recount an account's segments and record today's snapshots."""
    account = OnlyFansAccount.objects.filter(pk=account_id).first()
    if account is not None:  # deleted since the job was queued
        segments_refresh(account=account)


def segments_refresh_enqueue(*, account_id: int) -> None:
    """Queue a recount once the surrounding transaction commits (after a sync, a tier change):
    a slow or failing recount never fails what triggered it."""
    transaction.on_commit(lambda: segments_refresh_task(account_id))
