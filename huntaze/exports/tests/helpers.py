"""Shared steps of the export tests (not a test module)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from django.db.models import Sum

from huntaze.accounts.models import OnlyFansAccount
from huntaze.exports.models import Export
from huntaze.exports.services.exporting import export_request, export_run, exports_dir
from huntaze.exports.tables import export_tables


def export_now(user, account: OnlyFansAccount) -> Export:
    """Request an export and run it in this process, as the worker would."""
    export, _created = export_request(user=user, account_id=account.pk)
    return export_run(export_id=export.pk)


def export_path(export: Export) -> Path:
    return exports_dir() / export.file_name


def jsonl_rows(path: Path, table: str) -> list[dict[str, Any]]:
    with zipfile.ZipFile(path) as archive:
        return [json.loads(line) for line in archive.read(f"{table}.jsonl").decode().splitlines()]


def csv_rows(path: Path, table: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(path) as archive:
        return list(csv.DictReader(io.StringIO(archive.read(f"{table}.csv").decode(), newline="")))


def table_counts(account_id: int) -> dict[str, int]:
    """Rows per exported table of one account, straight from the database."""
    return {
        table.name: table.model._base_manager.filter(**{table.path: account_id}).count()
        for table in export_tables()
    }


def money_sums(account_id: int) -> dict[str, dict[str, int]]:
    """Sums of every money column per exported table of one account."""
    sums = {}
    for table in export_tables():
        if table.money_columns:
            rows = table.model._base_manager.filter(**{table.path: account_id})
            totals = rows.aggregate(**{name: Sum(name) for name in table.money_columns})
            sums[table.name] = {name: value or 0 for name, value in totals.items()}
    return sums
