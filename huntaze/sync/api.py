"""Sync routes: trigger a stream, read health. Thin: parse, call a service, return a schema."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from huntaze.accounts.selectors import account_get, account_list
from huntaze.core.exceptions import NotFoundError
from huntaze.sync.health import AccountHealth, account_health
from huntaze.sync.models import Stream
from huntaze.sync.schemas import SyncRequestIn, SyncRunOut
from huntaze.sync.tasks import sync_run_enqueue

router = Router()

# The API names of the plan ("messages") map to the engine's streams.
API_STREAMS = {
    "messages": Stream.CHATS,
    "fans": Stream.FANS,
    "content": Stream.CONTENT,
    "earnings": Stream.EARNINGS,
}


@router.get("/sync/status", response=list[AccountHealth])
def sync_status(request: HttpRequest, account_id: int | None = None) -> list:
    """Sync health of every visible account (or one)."""
    accounts = (
        [account_get(user=request.user, account_id=account_id)]
        if account_id
        else account_list(user=request.user)
    )
    return [account_health(account=account) for account in accounts]


@router.post("/sync/{stream}", response={202: SyncRunOut})
def sync_start(request: HttpRequest, stream: str, payload: SyncRequestIn) -> tuple[int, dict]:
    """Queue a sync of one stream (``messages``, ``fans``, ``content``, ``earnings``) or ``all``."""
    if stream != "all" and stream not in API_STREAMS:
        raise NotFoundError(f"Unknown stream {stream!r}.", extra={"streams": [*API_STREAMS, "all"]})
    account = account_get(user=request.user, account_id=payload.account_id)
    with transaction.atomic():
        run = sync_run_enqueue(
            account=account, streams=None if stream == "all" else [API_STREAMS[stream]], trigger="api"
        )
    return 202, {"run_id": run.pk, "account_id": account.pk, "streams": run.streams, "status": run.status}
