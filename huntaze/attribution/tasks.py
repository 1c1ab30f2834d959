"""Huey jobs of the attribution domain."""

from __future__ import annotations

from django.db import transaction
from huey.contrib.djhuey import db_task

from huntaze.accounts.models import OnlyFansAccount
from huntaze.attribution.services import attributions_refresh


@db_task(retries=2, retry_delay=30)
def attributions_refresh_task(account_id: int) -> None:
    """Credit an account's new sales (and recompute stale credits) by its team's model."""
    attributions_refresh(account_id=account_id)


def attributions_refresh_enqueue(*, account_id: int) -> None:
    """Queue a refresh once the surrounding transaction commits (after a sync): a slow or failing
    refresh never fails what triggered it."""
    transaction.on_commit(lambda: attributions_refresh_task(account_id))


def attributions_team_refresh_enqueue(*, team_id: int) -> None:
    """Queue a refresh of every account of a team: call it when the team's attribution model
    changes, so credits computed by the old model are recomputed (reassigned ones stay)."""
    for account_id in OnlyFansAccount.objects.filter(team_id=team_id).values_list("pk", flat=True):
        attributions_refresh_enqueue(account_id=account_id)
