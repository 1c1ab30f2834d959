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

    A status change (pending → done → chargeback) updates the row in place; when a sale is
    seen turning into a chargeback, ``chargeback_at`` records when (OnlyFans keeps the sale's
    date on the row).
    """
    known = {
        onlyfans_id: (status, chargeback_at)
        for onlyfans_id, status, chargeback_at in EarningsEntry.objects.filter(
            account_id=account_id, onlyfans_id__in=[row["onlyfans_id"] for row in rows]
        )
        .order_by()
        .values_list("onlyfans_id", "status", "chargeback_at")
    }
    now = timezone.now()
    for row in rows:
        row["chargeback_at"] = None
        if row["status"] != EarningStatus.CHARGEBACK:
            continue
        status, chargeback_at = known.get(row["onlyfans_id"], (None, None))
        if chargeback_at is not None:
            row["chargeback_at"] = chargeback_at  # keep the first sighting
        elif status is not None:
            row["chargeback_at"] = now  # seen turning from a sale into a chargeback: it happened now
        else:
            # First seen already charged back: it happened before we looked, so the subscriber
            # totals already leave it out. Dating it at the sale keeps it out of the delta.
            row["chargeback_at"] = row["occurred_at"]
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
