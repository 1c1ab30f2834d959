"""Reads of the sales ledger and daily snapshots, scoped to the user's access."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import get_for_user, scope_for_user
from huntaze.earnings.models import EarningsEntry, StatsSnapshot


def earnings_list(*, user: AbstractBaseUser | None, account_id: int | None = None) -> QuerySet[EarningsEntry]:
    entries = scope_for_user(EarningsEntry.objects.all(), user=user)
    if account_id is not None:
        entries = entries.filter(account_id=account_id)
    return entries


def earnings_entry_get(*, user: AbstractBaseUser | None, entry_id: int) -> EarningsEntry:
    return get_for_user(EarningsEntry.objects.all(), user=user, pk=entry_id)


def stats_snapshot_list(
    *, user: AbstractBaseUser | None, account_id: int | None = None
) -> QuerySet[StatsSnapshot]:
    snapshots = scope_for_user(StatsSnapshot.objects.all(), user=user)
    if account_id is not None:
        snapshots = snapshots.filter(account_id=account_id)
    return snapshots
