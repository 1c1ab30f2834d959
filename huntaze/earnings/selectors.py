"""Reads of the sales ledger and daily snapshots, scoped to the user's access."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import get_for_user, scope_for_user
from huntaze.accounts.selectors import account_get
from huntaze.core.pagination import Page, paginate
from huntaze.earnings.models import EarningsEntry, StatsSnapshot


def earnings_list(
    *,
    user: AbstractBaseUser | None,
    account_id: int | None = None,
    kind: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[EarningsEntry]:
    """Visible ledger rows; ``since`` is inclusive and ``until`` exclusive, so ranges tile."""
    entries = scope_for_user(EarningsEntry.objects.all(), user=user)
    if account_id is not None:
        entries = entries.filter(account_id=account_id)
    if kind is not None:
        entries = entries.filter(kind=kind)
    if since is not None:
        entries = entries.filter(occurred_at__gte=since)
    if until is not None:
        entries = entries.filter(occurred_at__lt=until)
    return entries


def earnings_page(
    *,
    user: AbstractBaseUser | None,
    cursor: str | None,
    limit: int,
    account_id: int | None = None,
    kind: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Page[EarningsEntry]:
    """A page of ledger rows, newest first. ``NotFoundError`` for an account the user cannot see."""
    if account_id is not None:
        account_get(user=user, account_id=account_id)
    entries = earnings_list(user=user, account_id=account_id, kind=kind, since=since, until=until)
    return paginate(entries, sort="occurred_at", cursor=cursor, limit=limit)


def earnings_entry_get(*, user: AbstractBaseUser | None, entry_id: int) -> EarningsEntry:
    return get_for_user(EarningsEntry.objects.all(), user=user, pk=entry_id)


def stats_snapshot_list(
    *, user: AbstractBaseUser | None, account_id: int | None = None
) -> QuerySet[StatsSnapshot]:
    snapshots = scope_for_user(StatsSnapshot.objects.all(), user=user)
    if account_id is not None:
        snapshots = snapshots.filter(account_id=account_id)
    return snapshots
