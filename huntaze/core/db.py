"""Database helpers shared by the apps' services."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models


def bulk_upsert(
    model: type[models.Model],
    rows: Iterable[dict[str, Any]],
    *,
    unique_fields: Sequence[str],
    update_fields: Sequence[str],
    batch_size: int = 500,
) -> int:
    """Insert or update ``rows`` keyed by ``unique_fields``; returns how many rows were sent.

    Only ``update_fields`` are overwritten on conflict, which is how Huntaze-owned columns
    (tags, notes, read state…) survive every sync. Rows repeating a key keep the last one:
    PostgreSQL refuses to update one row twice in a statement, and a duplicated item across
    pages must not fail a sync.
    """
    by_key: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        by_key[tuple(row[name] for name in unique_fields)] = row
    if not by_key:
        return 0
    model.objects.bulk_create(
        [model(**row) for row in by_key.values()],
        batch_size=batch_size,
        update_conflicts=True,
        unique_fields=list(unique_fields),
        update_fields=list(update_fields),
    )
    return len(by_key)
