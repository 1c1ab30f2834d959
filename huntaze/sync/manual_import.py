"""Manual fallback when the connector is broken: import fans and earnings from CSV or JSON.

Columns (CSV header or JSON object keys; money in dollars as OnlyFans shows it):

* fans: ``onlyfans_id`` (required), ``username``, ``display_name``, ``subscription_status``
  (active / expired / never), ``subscribed_at``, ``expires_at`` (ISO 8601), ``total_spent``,
  ``subscriptions_spent``, ``tips_spent``, ``messages_spent``, ``posts_spent``, ``streams_spent``.
* earnings: ``id`` (required, the OnlyFans transaction id), ``created_at`` (required, ISO 8601),
  ``amount`` (required, gross), ``net``, ``fee``, ``currency``, ``status`` (done / pending /
  chargeback), ``kind`` (subscription / tip / message / post / stream / other), ``fan_onlyfans_id``.

Every row is validated first; any error aborts the whole file with line-numbered messages and
writes nothing. Rows are upserted on the same keys as the sync (idempotent with synced data;
a later sync overwrites remote-owned fields). The account is marked ``manual_data``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from huntaze.accounts.models import OnlyFansAccount
from huntaze.core.exceptions import ValidationError
from huntaze.core.money import dollars_to_cents
from huntaze.earnings.models import EarningKind, EarningStatus
from huntaze.earnings.services import earnings_upsert_many
from huntaze.fans.choices import SubscriptionStatus
from huntaze.fans.services import fan_spend_recompute, fan_stubs_ensure, fan_upsert_many

MAX_ROWS = 200_000
SPEND_COLUMNS = {
    "total": "total_spent",
    "subscription": "subscriptions_spent",
    "tip": "tips_spent",
    "message": "messages_spent",
    "post": "posts_spent",
    "stream": "streams_spent",
}


class ImportFileError(ValidationError):
    code = "import_invalid"
    default_message = "The file has errors; nothing was imported."


def _records(content: str, fmt: str) -> list[tuple[int, dict[str, Any]]]:
    """(line or item number, record) pairs from CSV (header line 1) or a JSON array."""
    if fmt == "json":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise ImportFileError(f"Not valid JSON: {exc.msg} (line {exc.lineno}).") from exc
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise ImportFileError("JSON must be an array of objects.")
        return list(enumerate(data, start=1))
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(content))
        return [
            (reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items() if k}) for row in reader
        ]
    raise ImportFileError(f"Unknown format {fmt!r}: use csv or json.")


def _time(value: Any, name: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"{name}: not an ISO 8601 time ({value!r})") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _required(record: dict[str, Any], name: str) -> Any:
    value = record.get(name)
    if value in (None, ""):
        raise ValueError(f"{name} is required")
    return value


def _money(record: dict[str, Any], name: str) -> int:
    try:
        return dollars_to_cents(record.get(name))
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from exc


def _choice(record: dict[str, Any], name: str, choices: list[str], default: str) -> str:
    value = str(record.get(name) or default).strip().lower()
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)} (got {value!r})")
    return value


def _fan_row(record: dict[str, Any], now: datetime) -> dict[str, Any]:
    value = _required(record, "onlyfans_id")
    try:
        onlyfans_id = int(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"onlyfans_id must be a number (got {value!r})") from exc
    return {
        "onlyfans_id": onlyfans_id,
        "username": str(record.get("username") or "")[:120],
        "display_name": str(record.get("display_name") or "")[:200],
        "avatar_url": "",
        "subscription_status": _choice(record, "subscription_status", SubscriptionStatus.values, "never"),
        "subscribed_at": _time(record.get("subscribed_at"), "subscribed_at"),
        "expires_at": _time(record.get("expires_at"), "expires_at"),
        "renewed_at": None,
        "renew_on": None,
        "spend_snapshot": {kind: _money(record, column) for kind, column in SPEND_COLUMNS.items()},
        "spend_snapshot_at": now,
        "last_seen_at": None,
        "raw": {"imported": True},
        "synced_at": now,
    }


def _earning_row(record: dict[str, Any], _now: datetime) -> dict[str, Any]:
    _required(record, "amount")
    gross = _money(record, "amount")
    net = _money(record, "net") if record.get("net") not in (None, "") else gross
    fan = record.get("fan_onlyfans_id")
    try:
        fan_onlyfans_id = int(fan) if fan not in (None, "") else None
    except ValueError as exc:
        raise ValueError("fan_onlyfans_id must be a number") from exc
    return {
        "onlyfans_id": str(_required(record, "id"))[:64],
        "kind": _choice(record, "kind", EarningKind.values, "other"),
        "status": _choice(record, "status", EarningStatus.values, "done"),
        "gross_cents": gross,
        "net_cents": net,
        "fee_cents": _money(record, "fee") if record.get("fee") not in (None, "") else gross - net,
        "currency": str(record.get("currency") or "USD")[:3].upper(),
        "fan_id": None,
        "fan_onlyfans_id": fan_onlyfans_id,
        "description": "imported",
        "occurred_at": _time(_required(record, "created_at"), "created_at"),
        "raw": {"imported": True},
    }


def _validate(content: str, fmt: str, build: Callable[[dict, datetime], dict]) -> list[dict[str, Any]]:
    records = _records(content, fmt)
    if len(records) > MAX_ROWS:
        raise ImportFileError(f"At most {MAX_ROWS} rows per file.")
    now, rows, errors = timezone.now(), [], []
    for line, record in records:
        try:
            rows.append(build(record, now))
        except ValueError as exc:
            errors.append(f"line {line}: {exc}")
    if errors:
        raise ImportFileError(extra={"errors": errors[:100], "error_count": len(errors)})
    if not rows:
        raise ImportFileError("The file has no rows.")
    return rows


def fans_import(*, account: OnlyFansAccount, content: str, fmt: str) -> int:
    """Import fans; returns how many rows were written. ``ImportFileError`` lists every bad line."""
    rows = _validate(content, fmt, _fan_row)
    with transaction.atomic():
        fan_upsert_many(account_id=account.pk, rows=rows)
        OnlyFansAccount.objects.filter(pk=account.pk).update(manual_data=True)
    return len(rows)


def earnings_import(*, account: OnlyFansAccount, content: str, fmt: str) -> int:
    """Import ledger rows (fans they name are created if unknown) and update fans' spend."""
    rows = _validate(content, fmt, _earning_row)
    with transaction.atomic():
        fans = fan_stubs_ensure(
            account_id=account.pk, users={r["fan_onlyfans_id"]: {} for r in rows if r["fan_onlyfans_id"]}
        )
        for row in rows:
            row["fan_id"] = fans.get(row["fan_onlyfans_id"])
        earnings_upsert_many(account_id=account.pk, rows=rows)
        fan_spend_recompute(account_id=account.pk, fan_ids=sorted(set(fans.values())))
        OnlyFansAccount.objects.filter(pk=account.pk).update(manual_data=True)
    return len(rows)
