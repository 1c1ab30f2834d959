"""Writing an account's full export: a zip of JSON Lines and CSV per table, streamed.

No table is ever held in memory: rows come from the database ``EXPORT_CHUNK_ROWS`` at a time
(``QuerySet.iterator``) and go straight into the zip entry (``ZipFile.open(name, "w")``); the CSV
twin of a table is written to a scratch file during the same pass, then copied into the zip.
Memory stays flat whatever the account's size (measured in ``bench/export.py``).

The export is the account as of the moment the run starts: every table is read up to the
largest primary key it had then, and a row pointing to a row newer than that (a sync running
alongside) drops the link if it may be empty, or is left out. Later edits of older rows may show.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from huntaze.accounts.models import OnlyFansAccount
from huntaze.audit.services import audit_record, audit_record_for_account_row
from huntaze.exports.choices import ACTIVE_STATUSES, ExportStatus
from huntaze.exports.exceptions import ExportNotReadyError
from huntaze.exports.models import Export
from huntaze.exports.selectors import export_account_get, export_get
from huntaze.exports.tables import ColumnKind, Table, audit_table, export_tables

SCHEMA_VERSION = 1
FORMAT = "huntaze-account-export"
MANIFEST = "manifest.json"
ACCOUNT_FILE = "account.json"
# Never exported: the session material (and when it changed) and the tenant it belongs to here.
ACCOUNT_SKIPPED_FIELDS = {"id", "team", "session_ciphertext", "session_updated_at"}
EXPORT_CHUNK_ROWS = 2000
PROGRESS_EVERY_SECONDS = 1.0
# Spreadsheet programs run a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
README = """Huntaze export of one OnlyFans account.

manifest.json   format, schema version, creation time, per table: rows and sums of money columns
account.json    the account (never its OnlyFans session)
<table>.jsonl   one JSON object per row, typed (money in integer cents, times in ISO 8601)
<table>.csv     the same rows for spreadsheets; text starting with = + - @ is prefixed with '

Ids are this instance's; columns ending in _id point to the "id" of another table of the export.
`huntaze import_export FILE --team ID` recreates the account from this file (docs/data-ownership.md).
"""


def exports_dir() -> Path:
    path = Path(settings.HUNTAZE_EXPORT_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def export_request(
    *, user: AbstractBaseUser, account_id: int, request: HttpRequest | None = None
) -> tuple[Export, bool]:
    """Queue a full export of an account (owners and managers, audited); returns it and whether it is new.

    An export of the account already queued or running is returned instead of a second one.
    Raises ``NotFoundError`` outside the user's access and ``PermissionDeniedError`` for chatters.
    """
    with transaction.atomic():
        account = export_account_get(user=user, account_id=account_id)
        running = Export.objects.filter(account=account, status__in=ACTIVE_STATUSES).first()
        if running is not None:
            return running, False
        export = Export.objects.create(account=account, requested_by=user)
        audit_record_for_account_row(action="export.request", actor=user, target=export, request=request)
    return export, True


def export_download(*, user: AbstractBaseUser, export_id: int, request: HttpRequest | None = None) -> Path:
    """The file of a ready export, for owners and managers of its account (each download audited).

    Raises ``NotFoundError`` outside the user's access, ``PermissionDeniedError`` for chatters and
    ``ExportNotReadyError`` while there is no file (queued, running, failed or expired).
    """
    export = export_get(user=user, export_id=export_id)
    path = exports_dir() / export.file_name if export.file_name else None
    if export.status != ExportStatus.READY or path is None or not path.is_file():
        raise ExportNotReadyError(extra={"status": export.status})
    audit_record_for_account_row(
        action="export.download", actor=user, target=export, after={"file": export.file_name}, request=request
    )
    return path


class _Progress:
    """Rows written per table, saved on the export row at most once a second."""

    def __init__(self, export: Export, totals: dict[str, int]) -> None:
        self.export_id = export.pk
        self.tables = {name: {"done": 0, "total": total} for name, total in totals.items()}
        self.saved_at = 0.0

    def advance(self, table: str, done: int, *, force: bool = False) -> None:
        self.tables[table]["done"] = done
        if force or time.monotonic() - self.saved_at >= PROGRESS_EVERY_SECONDS:
            self.save()

    def save(self) -> None:
        Export.objects.filter(pk=self.export_id).update(progress=self.tables, updated_at=timezone.now())
        self.saved_at = time.monotonic()


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"cannot export a {type(value).__name__}")


_JSON = json.JSONEncoder(ensure_ascii=False, default=_json_value)


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell; text a spreadsheet would run as a formula gets a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return _JSON.encode(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def _is_time(field: models.Field) -> bool:
    return isinstance(field, models.DateField | models.TimeField)  # DateTimeField is a DateField


def _needs_cell(field: models.Field) -> bool:
    return isinstance(field, models.CharField | models.TextField | models.JSONField | models.BooleanField)


def _watermarks(account_id: int, tables: Iterable[Table]) -> tuple[dict[str, int | None], dict[str, int]]:
    """Per table: the largest primary key of the account's rows now, and how many rows that is."""
    marks, totals = {}, {}
    for table in tables:
        rows = table.model._base_manager.filter(**{table.path: account_id})
        marks[table.name] = rows.aggregate(last=Max("pk"))["last"]
        totals[table.name] = rows.count()
    return marks, totals


def _table_write(
    archive: zipfile.ZipFile,
    table: Table,
    *,
    account_id: int,
    marks: dict[str, int | None],
    scratch: Path,
    progress: _Progress,
) -> dict[str, Any]:
    """Stream one table into ``<name>.jsonl`` and ``<name>.csv``; returns its manifest entry."""
    names = [column.name for column in table.columns]
    # A link to a row newer than the snapshot: emptied if it may be, else the row is left out.
    refs = [
        (index, marks.get(column.target) or 0, column.field.null)
        for index, column in enumerate(table.columns)
        if column.kind == ColumnKind.REF
    ]
    money = [
        (index, column.name)
        for index, column in enumerate(table.columns)
        if column.name in table.money_columns
    ]
    # Per column, only what needs it (most columns are numbers): times become ISO text once for
    # both files; text, JSON and booleans go through ``csv_cell`` for the CSV.
    times = [index for index, column in enumerate(table.columns) if _is_time(column.field)]
    cells = [index for index, column in enumerate(table.columns) if _needs_cell(column.field)]
    sums = dict.fromkeys(table.money_columns, 0)
    written = 0
    csv_path = scratch / f"{table.name}.csv"
    last_pk = marks[table.name]
    with (
        csv_path.open("w", newline="", encoding="utf-8") as csv_file,
        archive.open(f"{table.name}.jsonl", "w", force_zip64=True) as raw,
        io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as jsonl,
    ):
        writer = csv.writer(csv_file)
        writer.writerow(names)
        if last_pk is None:  # the account had no row in this table when the run started
            rows = iter(())
        else:
            rows = table.rows(account_id=account_id, last_pk=last_pk).iterator(chunk_size=EXPORT_CHUNK_ROWS)
        for values in rows:
            row = list(values)
            if refs and any(_ref_too_new(row, ref) for ref in refs):
                continue
            for index in times:
                if row[index] is not None:
                    row[index] = row[index].isoformat()
            jsonl.write(_JSON.encode(dict(zip(names, row, strict=True))))
            jsonl.write("\n")
            for index, name in money:
                sums[name] += row[index] or 0
            for index in cells:
                row[index] = csv_cell(row[index])
            writer.writerow(row)
            written += 1
            if written % EXPORT_CHUNK_ROWS == 0:
                progress.advance(table.name, written)
    archive.write(csv_path, f"{table.name}.csv")
    csv_path.unlink()
    progress.advance(table.name, written, force=True)
    return {"rows": written, "money_sums": sums, "files": [f"{table.name}.jsonl", f"{table.name}.csv"]}


def _ref_too_new(row: list[Any], ref: tuple[int, int, bool]) -> bool:
    index, last, nullable = ref
    if row[index] is None or row[index] <= last:
        return False
    if nullable:
        row[index] = None
        return False
    return True


def _account_data(account: OnlyFansAccount) -> dict[str, Any]:
    return {
        field.attname: getattr(account, field.attname)
        for field in account._meta.concrete_fields
        if field.name not in ACCOUNT_SKIPPED_FIELDS
    } | {"id": account.pk}


def _private(path: str, flags: int) -> int:
    """Open a file readable by its owner only, from its creation (it holds every chat and sale)."""
    return os.open(path, flags, 0o600)


def export_write(*, export: Export, path: Path) -> dict[str, Any]:
    """Write the export's account to ``path`` (a zip) and return its manifest."""
    account = export.account
    tables = [*export_tables(), audit_table()]
    marks, totals = _watermarks(account.pk, tables)
    progress = _Progress(export, totals)
    progress.save()  # the totals, for the page, before the first table starts
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "created_at": timezone.now().isoformat(),
        "account": {
            "id": account.pk,
            "username": account.username,
            "onlyfans_user_id": account.onlyfans_user_id,
        },
        "money": "integer cents",
        "tables": {},
    }
    with (
        open(path, "wb", opener=_private) as handle,
        zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        tempfile.TemporaryDirectory(dir=path.parent, prefix=".scratch-") as scratch,
    ):
        archive.writestr("README.txt", README)
        archive.writestr(ACCOUNT_FILE, json.dumps(_account_data(account), default=_json_value, indent=1))
        for table in tables:
            manifest["tables"][table.name] = _table_write(
                archive, table, account_id=account.pk, marks=marks, scratch=Path(scratch), progress=progress
            )
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    return manifest


def export_run(*, export_id: int) -> Export:
    """Run a queued export (the worker's job): write the zip, then mark it ready or failed.

    The file appears under its final name only once complete; a failed run leaves no file.
    A run that is not queued any more (a retried task) does nothing.
    """
    claimed = Export.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    export = Export.objects.select_related("account").get(pk=export_id)
    if not claimed:
        return export
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    name = f"huntaze-export-{export.account_id}-{export.pk}-{stamp}.zip"
    directory = exports_dir()
    partial = directory / f".{name}.part"
    try:
        manifest = export_write(export=export, path=partial)
        os.replace(partial, directory / name)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        Export.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED,
            error_message=f"{type(exc).__name__}: {exc}"[:500],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        raise
    finished = timezone.now()
    Export.objects.filter(pk=export.pk).update(
        status=ExportStatus.READY,
        file_name=name,
        size_bytes=(directory / name).stat().st_size,
        manifest=manifest,
        finished_at=finished,
        expires_at=finished + timedelta(days=settings.HUNTAZE_EXPORT_KEEP_DAYS),
        updated_at=finished,
    )
    export.refresh_from_db()
    return export


STALE_RUN = timedelta(hours=1)
STRAY_FILE_AGE = timedelta(days=1)


def exports_expire(*, now: datetime | None = None) -> int:
    """Delete the files of exports past ``expires_at`` (marked ``expired``); returns how many.

    Also marks runs silent for an hour (a killed worker) failed, and removes files of the export
    folder that no ready export names and that are older than a day (left by a crash).
    """
    now = now or timezone.now()
    directory = exports_dir()
    expired = 0
    due = Export.objects.filter(status=ExportStatus.READY, expires_at__lte=now).select_related("account")
    for export in due.order_by("pk"):
        (directory / export.file_name).unlink(missing_ok=True)
        Export.objects.filter(pk=export.pk).update(status=ExportStatus.EXPIRED, file_name="", updated_at=now)
        audit_record(
            action="export.expire",
            actor_label="system:exports",
            team_id=export.account.team_id,
            account_id=export.account_id,
            target=export,
        )
        expired += 1
    Export.objects.filter(status=ExportStatus.RUNNING, updated_at__lt=now - STALE_RUN).update(
        status=ExportStatus.FAILED, error_message="interrupted (the worker stopped)", updated_at=now
    )
    kept = set(Export.objects.filter(status=ExportStatus.READY).values_list("file_name", flat=True))
    for path in directory.iterdir():
        try:
            recent = path.stat().st_mtime >= (now - STRAY_FILE_AGE).timestamp()
        except FileNotFoundError:  # removed meanwhile (a run renaming its file into place)
            continue
        if path.name in kept or recent:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return expired
