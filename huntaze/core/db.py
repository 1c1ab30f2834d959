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

    Only the ``update_fields`` present in the rows are overwritten on conflict, which is how
    Huntaze-owned columns (tags, notes, read state…) survive every sync. All rows must carry
    the same keys. Rows repeating a key keep the last one: PostgreSQL refuses to update one
    row twice in a statement, and a duplicated item across pages must not fail a sync.
    """
    meta = model._meta
    key_columns = [meta.get_field(name).attname for name in unique_fields]
    by_key: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        by_key[tuple(row[column] for column in key_columns)] = row
    if not by_key:
        return 0
    present = set(next(iter(by_key.values())))
    if any(set(row) != present for row in by_key.values()):
        raise ValueError(f"bulk_upsert into {meta.label}: rows must all carry the same fields")
    model.objects.bulk_create(
        [model(**row) for row in by_key.values()],
        batch_size=batch_size,
        update_conflicts=True,
        unique_fields=list(unique_fields),
        update_fields=[name for name in update_fields if meta.get_field(name).attname in present],
    )
    return len(by_key)
