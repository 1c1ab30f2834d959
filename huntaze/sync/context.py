"""What a stream needs while it runs: the client, the database thread, cursors and progress."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from huntaze.onlyfans import OnlyFansClient
from huntaze.sync.dbthread import DatabaseThread
from huntaze.sync.exceptions import SyncLeaseLostError
from huntaze.sync.lease import lease_renew, lease_seconds
from huntaze.sync.models import SyncRun, SyncState


@dataclass
class SyncContext:
    """What a stream needs: the client, the database thread, and progress/cursor helpers."""

    account_id: int
    me_id: int
    run_id: int
    client: OnlyFansClient
    db: DatabaseThread
    lease_holder: str
    progress: dict[str, dict[str, Any]] = field(default_factory=dict)
    _lease_renewed_at: float = field(default_factory=time.monotonic)

    def cursor_load(self, stream: str) -> dict[str, Any]:
        """Runs on the database thread."""
        return SyncState.objects.get(account_id=self.account_id, stream=stream).cursor or {}

    async def write(
        self,
        stream: str,
        fn: Callable[[], int],
        *,
        cursor: dict[str, Any] | None = None,
        total: int | None = None,
    ) -> int:
        """Run ``fn`` (which writes one page and returns its row count) in one transaction with the
        stream's new ``cursor`` and the run's progress; renews the lease between pages."""
        return await self.db(self._write, stream, fn, cursor, total)

    def _write(
        self, stream: str, fn: Callable[[], int], cursor: dict[str, Any] | None, total: int | None
    ) -> int:
        # Renewed well before it lapses, so a slow page never lets another worker in.
        if time.monotonic() - self._lease_renewed_at > lease_seconds() / 4:
            if not lease_renew(account_id=self.account_id, holder=self.lease_holder):
                raise SyncLeaseLostError()
            self._lease_renewed_at = time.monotonic()
        with transaction.atomic():
            rows = fn()
            progress = self.progress.setdefault(stream, {"pages": 0, "rows": 0})
            progress["pages"] += 1
            progress["rows"] += rows
            if total is not None:
                progress["total"] = total
            if cursor is not None:
                SyncState.objects.filter(account_id=self.account_id, stream=stream).update(cursor=cursor)
            SyncRun.objects.filter(pk=self.run_id).update(progress=self.progress)
        return rows
