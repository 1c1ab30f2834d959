"""Huey jobs of the analytics domain."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.services import analytics_refresh


@db_task(retries=2, retry_delay=60)
def analytics_refresh_task(account_id: int) -> None:
    """Recompute what analytics derives from an account's data (queued after each successful sync)."""
    account = OnlyFansAccount.objects.filter(pk=account_id).first()
    if account is not None:  # deleted since the sync finished
        analytics_refresh(account=account)
