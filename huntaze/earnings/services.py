"""Writes of the sales ledger and daily snapshots (called by the sync engine and the CSV import)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from huntaze.core.db import bulk_upsert
from huntaze.earnings.models import EarningsEntry, EarningStatus, StatsSnapshot

EARNINGS_REMOTE_FIELDS = (
    "kind",
    "status",
    "gross_cents",
    "net_cents",
    "fee_cents",
    "currency",
    "fan",
    "fan_onlyfans_id",
    "description",
    "occurred_at",
    "chargeback_at",
    "raw",
)


def earnings_upsert_many(*, account_id: int, rows: list[dict[str, Any]]) -> int:
    """Upsert ledger rows by transaction id.

    A status change (pending → done → chargeback) updates the row in place; the first time a
    row is seen charged back, ``chargeback_at`` records when (OnlyFans keeps the sale's date).
    """
    seen = dict(
        EarningsEntry.objects.filter(
            account_id=account_id, onlyfans_id__in=[row["onlyfans_id"] for row in rows]
        ).values_list("onlyfans_id", "chargeback_at")
    )
    now = timezone.now()
    for row in rows:
        is_chargeback = row["status"] == EarningStatus.CHARGEBACK
        row["chargeback_at"] = (seen.get(row["onlyfans_id"]) or now) if is_chargeback else None
    return bulk_upsert(
        EarningsEntry,
        [{**row, "account_id": account_id} for row in rows],
        unique_fields=("account", "onlyfans_id"),
        update_fields=EARNINGS_REMOTE_FIELDS,
    )


def stats_snapshot_upsert_many(*, account_id: int, rows: list[dict[str, Any]]) -> int:
    return bulk_upsert(
        StatsSnapshot,
        [{**row, "account_id": account_id} for row in rows],
        unique_fields=("account", "date", "category"),
        update_fields=("amount_cents", "count"),
    )
