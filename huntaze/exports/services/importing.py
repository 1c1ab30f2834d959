"""Recreating an account from its export, in this or a fresh database (``huntaze import_export``).

Every exported table is read back from its JSON Lines file, parents first, in batches: rows get
new primary keys and their links are remapped through the old → new ids of the tables they point
to. All or nothing: one transaction, checked against the manifest's row counts before it commits.

What an import does not bring back, by design (docs/data-ownership.md):

* the OnlyFans session: the account arrives ``disconnected`` and syncs again once connected;
* the audit trail: kept in the file, but this instance's trail only records what happened here
  (an ``export.import`` event), and its times cannot be back-dated;
* Huntaze users: links to users (approver, assignee, decider) are matched by username among the
  target team's members; unmatched ones are emptied, or, for an approver (required), given to the
  team's owner, and listed in the result and the audit event.
"""

from __future__ import annotations

import io
import json
import zipfile
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, models, transaction

from huntaze.accounts.choices import AccountStatus, Role
from huntaze.accounts.models import Membership, OnlyFansAccount, Team
from huntaze.accounts.services import account_create
from huntaze.analytics.tasks import analytics_refresh_task
from huntaze.audit.services import audit_record_for_account_row
from huntaze.exports.exceptions import ImportConflictError, ImportInvalidError
from huntaze.exports.services.exporting import ACCOUNT_FILE, FORMAT, MANIFEST, SCHEMA_VERSION
from huntaze.exports.tables import ColumnKind, Table, audit_table, export_tables

IMPORT_BATCH_ROWS = 500
IMPORTED_REASON = "Imported from an export: connect it to sync again."
# Account fields an import restores after ``account_create`` (which takes the identity only).
ACCOUNT_RESTORED_FIELDS = ("preset_overrides", "suggestion_engine", "last_sync_at", "manual_data")


@dataclass(frozen=True, slots=True)
class ImportResult:
    account: OnlyFansAccount
    rows: dict[str, int]
    unmatched_users: list[str]


class _IdMap:
    """Old → new primary keys of one table in two arrays (16 bytes a row, a dict takes ~100): an
    export lists rows by increasing id, so the old ids are sorted and a lookup is a bisection."""

    def __init__(self) -> None:
        self.old: array[int] = array("q")
        self.new: array[int] = array("q")

    def add(self, old: int, new: int) -> None:
        if self.old and old <= self.old[-1]:
            raise ImportInvalidError(f"Rows are not in increasing id order (id {old}).")
        self.old.append(old)
        self.new.append(new)

    def get(self, old: int) -> int | None:
        index = bisect_left(self.old, old)
        return self.new[index] if index < len(self.old) and self.old[index] == old else None


class _Users:
    """Usernames of the export resolved against the target team's members."""

    def __init__(self, team: Team, fallback: AbstractBaseUser | None) -> None:
        members = Membership.objects.filter(team=team).values_list("user__username", "user_id")
        self.ids = dict(members)
        owners = Membership.objects.filter(team=team, role=Role.OWNER).order_by("pk")
        self.fallback_id = (
            fallback.pk if fallback is not None else owners.values_list("user_id", flat=True).first()
        )
        self.unmatched: set[str] = set()

    def resolve(self, username: str | None, field: models.Field) -> int | None:
        if username is None:
            return None
        found = self.ids.get(username)
        if found is None:
            self.unmatched.add(username)
            return None if field.null else self.fallback_id
        return found


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise ImportInvalidError(f"No readable {MANIFEST} in the file.") from exc
    if manifest.get("format") != FORMAT or manifest.get("schema_version") != SCHEMA_VERSION:
        found = f"{manifest.get('format')!r} version {manifest.get('schema_version')!r}"
        raise ImportInvalidError(
            f"Unsupported export: {found} (this Huntaze reads {FORMAT!r} version {SCHEMA_VERSION})."
        )
    known = {table.name for table in export_tables()} | {audit_table().name}
    unknown = sorted(set(manifest.get("tables", {})) - known)
    if unknown:
        raise ImportInvalidError(f"Tables this Huntaze does not know: {', '.join(unknown)}.")
    return manifest


def _account_restore(*, team: Team, data: dict[str, Any], actor: AbstractBaseUser | None) -> OnlyFansAccount:
    if OnlyFansAccount.objects.filter(team=team, onlyfans_user_id=data["onlyfans_user_id"]).exists():
        raise ImportConflictError(
            f"The team already has @{data['username']}: delete it or import into another team.",
            extra={"onlyfans_user_id": data["onlyfans_user_id"]},
        )
    account = account_create(
        team=team,
        onlyfans_user_id=data["onlyfans_user_id"],
        username=data["username"],
        display_name=data.get("display_name", ""),
        avatar_url=data.get("avatar_url", ""),
        timezone_name=data.get("timezone", "UTC"),
        preset_slug=data.get("preset_slug", ""),
        actor=actor,
    )
    restored = {name: data[name] for name in ACCOUNT_RESTORED_FIELDS if name in data}
    for name, value in restored.items():
        setattr(account, name, OnlyFansAccount._meta.get_field(name).to_python(value))
    account.status, account.status_reason = AccountStatus.DISCONNECTED, IMPORTED_REASON
    account.save(update_fields=[*restored, "status", "status_reason", "updated_at"])
    return account


def _table_import(
    archive: zipfile.ZipFile,
    table: Table,
    *,
    account: OnlyFansAccount,
    maps: dict[str, _IdMap],
    users: _Users,
) -> tuple[_IdMap, int]:
    """Insert one table's rows with new ids; returns its id map and how many rows."""
    model = table.model
    pk = model._meta.pk
    columns = {column.name: column for column in table.columns}
    # Rows are keyed by their own id, remapped; a table keyed by its account (one row per
    # account) takes the new account's id instead.
    keyed = any(column.field is pk for column in columns.values())
    fields = [field for field in model._meta.concrete_fields if not (keyed and field is pk)]
    tenant = {
        field.attname: account.team_id if field.related_model is Team else account.pk
        for field in fields
        if field.is_relation and field.related_model in (OnlyFansAccount, Team)
    }
    ids, olds, batch = _IdMap(), [], []
    count = 0

    def flush() -> None:
        # ``_insert(raw=True)`` is what loading a fixture does: it keeps the exported values of
        # ``auto_now`` fields (``bulk_create`` would stamp every row with the import time).
        inserted = model._base_manager._insert(batch, fields=fields, returning_fields=[pk], raw=True)
        if keyed:
            for old, (new,) in zip(olds, inserted, strict=True):
                ids.add(old, new)
        olds.clear()
        batch.clear()

    with archive.open(f"{table.name}.jsonl") as raw:
        for line in io.TextIOWrapper(raw, encoding="utf-8"):
            data = json.loads(line)
            unknown = data.keys() - columns.keys()
            if unknown:
                raise ImportInvalidError(f"{table.name}: unknown columns {', '.join(sorted(unknown))}.")
            values = dict(tenant)
            for name, column in columns.items():
                field = column.field
                if field is pk:
                    olds.append(data[name])
                elif name not in data:
                    values[field.attname] = field.get_default()
                elif column.kind == ColumnKind.REF:
                    values[field.attname] = _ref(data[name], maps[column.target], table=table, field=field)
                elif column.kind == ColumnKind.USER:
                    values[field.attname] = users.resolve(data[name], field)
                else:
                    values[field.attname] = data[name]
            batch.append(model(**values))
            count += 1
            if len(batch) >= IMPORT_BATCH_ROWS:
                flush()
    if batch:
        flush()
    return ids, count


def _ref(old: int | None, ids: _IdMap, *, table: Table, field: models.Field) -> int | None:
    if old is None:
        return None
    new = ids.get(old)
    if new is None and not field.null:
        raise ImportInvalidError(f"{table.name}.{field.name}: row {old} is not in the export.")
    return new


def export_import(
    *, path: Path, team: Team, actor: AbstractBaseUser | None = None, dry_run: bool = False
) -> ImportResult:
    """Recreate the exported account in ``team`` with all its rows (new ids, links remapped).

    Raises ``ImportInvalidError`` for a file that is not a readable export of this schema version
    or whose rows do not fit (nothing is written), and ``ImportConflictError`` when the team
    already has the account. ``dry_run`` reads and inserts everything, then rolls back.
    """
    try:
        with zipfile.ZipFile(path) as archive, transaction.atomic():
            manifest = _manifest(archive)
            account = _account_restore(team=team, data=json.loads(archive.read(ACCOUNT_FILE)), actor=actor)
            users = _Users(team, actor)
            maps: dict[str, _IdMap] = {}
            rows: dict[str, int] = {}
            for table in export_tables():
                if table.name not in manifest["tables"]:
                    continue  # an export made before this table existed
                expected = manifest["tables"][table.name]["rows"]
                maps[table.name], rows[table.name] = _table_import(
                    archive, table, account=account, maps=maps, users=users
                )
                if rows[table.name] != expected:
                    raise ImportInvalidError(
                        f"{table.name}: {rows[table.name]} rows in the file, the manifest says {expected}."
                    )
            result = ImportResult(account, rows, sorted(users.unmatched))
            audit_record_for_account_row(
                action="export.import",
                actor=actor,
                actor_label=None if actor is not None else "system:import_export",
                target=account,
                after={
                    "source_account_id": manifest["account"]["id"],
                    "exported_at": manifest["created_at"],
                    "rows": rows,
                    "unmatched_users": result.unmatched_users,
                },
            )
            if dry_run:
                transaction.set_rollback(True)
            else:
                transaction.on_commit(lambda: analytics_refresh_task(account.pk))
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, DjangoValidationError, DatabaseError) as exc:
        raise ImportInvalidError(f"The export does not fit: {type(exc).__name__}: {exc}"[:500]) from exc
    return result
