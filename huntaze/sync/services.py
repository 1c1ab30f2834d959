"""Sync runs: create, execute under the account lease, record outcomes and health changes.

``sync_run_execute`` is what the Huey task calls; it never raises for a failing stream
(the failure is recorded on the stream's ``SyncState`` and the run), only for "try later"
(``SyncBusyError``) so the task can retry.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from huntaze.accounts.choices import AccountStatus
from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.services import account_session_get, account_status_set
from huntaze.analytics.tasks import analytics_refresh_task
from huntaze.attribution.tasks import attributions_refresh_enqueue
from huntaze.audit.services import audit_record_for_account_row
from huntaze.events.services import event_session_expired_record, event_sync_health_record
from huntaze.inbox.tasks import chats_auto_assign_task
from huntaze.onlyfans.exceptions import SessionExpiredError, VerificationRequiredError
from huntaze.segments.tasks import segments_refresh_enqueue
from huntaze.sync.engine import RunOutcome, streams_run
from huntaze.sync.exceptions import SyncBusyError, SyncNotAllowedError
from huntaze.sync.health import HealthState, account_health
from huntaze.sync.lease import lease_acquire, lease_holder_name, lease_release
from huntaze.sync.models import RunStatus, Stream, SyncRun
from huntaze.sync.state import sync_states_ensure

logger = logging.getLogger(__name__)

UNSYNCABLE = (AccountStatus.NEEDS_REAUTH, AccountStatus.DISCONNECTED)
ALERT_STATES = (HealthState.FAILING, HealthState.NEEDS_REAUTH)


def sync_run_create(
    *, account: OnlyFansAccount, streams: Iterable[str] | None = None, trigger: str
) -> SyncRun:
    """Queue a run of ``streams`` (default: all). Refused for accounts that must not be synced."""
    if account.status in UNSYNCABLE:
        raise SyncNotAllowedError(extra={"status": account.status})
    chosen = list(streams) if streams else list(Stream.values)
    unknown = sorted(set(chosen) - set(Stream.values))
    if unknown:
        raise SyncNotAllowedError(f"Unknown streams: {', '.join(unknown)}.", extra={"streams": Stream.values})
    return SyncRun.objects.create(account=account, streams=chosen, trigger=trigger)


def sync_run_execute(*, run_id: int) -> SyncRun:
    """Run a queued sync under the account's lease (``SyncBusyError`` if another worker has it)."""
    run = SyncRun.objects.select_related("account").get(pk=run_id)
    account = run.account
    if account.status in UNSYNCABLE:
        SyncRun.objects.filter(pk=run.pk).update(
            status=RunStatus.CANCELLED,
            finished_at=timezone.now(),
            error_message=f"account is {account.status}",
        )
        run.refresh_from_db()
        return run
    holder = lease_holder_name()
    if not lease_acquire(account_id=account.pk, holder=holder):
        raise SyncBusyError(extra={"account_id": account.pk})
    health_before = account_health(account=account).state
    try:
        # Holding the lease proves any other "running" run of this account lost its worker.
        SyncRun.objects.filter(account=account, status=RunStatus.RUNNING).exclude(pk=run.pk).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            error_class="WorkerLost",
            error_message="The worker stopped mid-sync; a later run resumed from the saved cursors.",
        )
        sync_states_ensure(account_id=account.pk, streams=run.streams)
        SyncRun.objects.filter(pk=run.pk).update(
            status=RunStatus.RUNNING, started_at=timezone.now(), worker=holder
        )
        outcome = asyncio.run(
            streams_run(
                account_id=account.pk,
                me_id=account.onlyfans_user_id,
                run_id=run.pk,
                streams=run.streams,
                session=account_session_get(account=account),
                lease_holder=holder,
            )
        )
        _run_finish(run=run, account=account, outcome=outcome)
    finally:
        lease_release(account_id=account.pk, holder=holder)
    account.refresh_from_db()
    _alert_on_health_change(account=account, before=health_before, run_id=run.pk)
    run.refresh_from_db()
    return run


def _run_finish(*, run: SyncRun, account: OnlyFansAccount, outcome: RunOutcome) -> None:
    """Record the run's result; an expired session flags the account for re-auth."""
    error = outcome.fatal_error
    with transaction.atomic():
        if isinstance(error, SessionExpiredError | VerificationRequiredError):
            account_status_set(
                account=account,
                status=AccountStatus.NEEDS_REAUTH,
                reason=error.message,
                actor_label="system:sync",
            )
            event_session_expired_record(account_id=account.pk, run_id=run.pk, reason=error.message)
        failed = outcome.failed_streams
        now = timezone.now()
        SyncRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED if failed or error else RunStatus.SUCCEEDED,
            finished_at=now,
            requests_made=outcome.requests,
            rows_changed=outcome.rows,
            error_class=error.__class__.__name__ if error else ", ".join(sorted(failed)),
            error_message=(getattr(error, "message", "") or "")[:500],
        )
        if not failed and not error:
            OnlyFansAccount.objects.filter(pk=account.pk).update(last_sync_at=now)
            # Queued, not run here: a slow or failing recompute never fails the sync.
            transaction.on_commit(lambda: analytics_refresh_task(account.pk))
            transaction.on_commit(lambda: chats_auto_assign_task(account.pk))
            segments_refresh_enqueue(account_id=account.pk)
            attributions_refresh_enqueue(account_id=account.pk)


def _alert_on_health_change(*, account: OnlyFansAccount, before: str, run_id: int) -> None:
    after = account_health(account=account).state
    event_sync_health_record(account_id=account.pk, state=after, run_id=run_id)
    if after != before and after in ALERT_STATES:
        audit_record_for_account_row(
            action="sync.health_alert",
            actor_label="system:sync",
            target=account,
            before={"state": before},
            after={"state": after},
        )
        logger.warning("sync health of account %s changed %s -> %s", account.pk, before, after)
        if settings.HUNTAZE_ALERT_WEBHOOK_URL:
            from huntaze.sync.tasks import sync_alert_task  # tasks import this module

            payload = {
                "event": "sync.health_alert",
                "account_id": account.pk,
                "username": account.username,
                "before": before,
                "after": after,
                "at": timezone.now().isoformat(),
            }
            transaction.on_commit(lambda: sync_alert_task(payload))
