"""Per-stream sync state: what the last attempt did (health reads these rows)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F
from django.utils import timezone

from huntaze.sync.models import SyncState


def sync_state_record_success(*, account_id: int, stream: str, requests: int, rows: int) -> None:
    now = timezone.now()
    SyncState.objects.filter(account_id=account_id, stream=stream).update(
        last_success_at=now,
        last_attempt_at=now,
        consecutive_failures=0,
        last_error_class="",
        last_error_message="",
        requests_total=F("requests_total") + requests,
        rows_total=F("rows_total") + rows,
    )


def sync_state_record_failure(*, account_id: int, stream: str, error: BaseException, requests: int) -> None:
    message = getattr(error, "message", None) or str(error) or error.__class__.__name__
    SyncState.objects.filter(account_id=account_id, stream=stream).update(
        last_attempt_at=timezone.now(),
        consecutive_failures=F("consecutive_failures") + 1,
        last_error_class=error.__class__.__name__,
        last_error_message=message[:500],
        requests_total=F("requests_total") + requests,
    )


def sync_states_ensure(*, account_id: int, streams: Iterable[str]) -> None:
    for stream in streams:
        SyncState.objects.get_or_create(account_id=account_id, stream=stream)
