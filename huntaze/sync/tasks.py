"""Huey jobs of the sync: run one sync, and the scheduler that queues periodic syncs.

Tasks take ids and call services. A run whose account is busy (another worker holds the
lease) is retried with exponential backoff; accounts needing re-auth or disconnected are
never scheduled.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task
from huey.exceptions import RetryTask

from huntaze.accounts.choices import AccountStatus
from huntaze.accounts.models import OnlyFansAccount
from huntaze.inbox.models import Message
from huntaze.inbox.tasks import reply_index_refresh_soon
from huntaze.sync.alerts import alert_post
from huntaze.sync.exceptions import SyncBusyError
from huntaze.sync.models import RunStatus, Stream, SyncLease, SyncRun
from huntaze.sync.services import sync_run_create, sync_run_execute

BUSY_RETRIES = 8


@db_task(retries=BUSY_RETRIES, context=True)
def sync_run_task(run_id: int, task=None) -> None:
    try:
        run = sync_run_execute(run_id=run_id)
    except SyncBusyError as exc:
        attempt = BUSY_RETRIES - (task.retries if task else 0)
        raise RetryTask(delay=min(600, 15 * 2**attempt) * random.uniform(0.8, 1.2)) from exc
    if run.rows_changed and Stream.CHATS in run.streams:
        reply_index_refresh_soon(run.account_id)  # suggestions ground in the new messages


def sync_run_enqueue(*, account: OnlyFansAccount, streams: list[str] | None, trigger: str) -> SyncRun:
    """Create a run and queue it once the surrounding transaction commits."""
    run = sync_run_create(account=account, streams=streams, trigger=trigger)
    transaction.on_commit(lambda: sync_run_task(run.pk))
    return run


def sync_interval(account_id: int, *, recently_active: bool) -> timedelta:
    """Every few minutes, faster with recent fan activity, with per-account jitter.

    The jitter is stable per account so accounts spread over the interval instead of
    syncing in lockstep.
    """
    base = settings.HUNTAZE_SYNC_ACTIVE_SECONDS if recently_active else settings.HUNTAZE_SYNC_INTERVAL_SECONDS
    jitter = random.Random(account_id).uniform(-0.15, 0.15)
    return timedelta(seconds=base * (1 + jitter))


def accounts_due(now=None) -> list[OnlyFansAccount]:
    """Active accounts not syncing now (no live lease, nothing queued) whose last run is older
    than their interval."""
    now = now or timezone.now()
    queued = SyncRun.objects.filter(status=RunStatus.QUEUED, created_at__gt=now - timedelta(hours=1))
    leased = SyncLease.objects.filter(expires_at__gt=now)
    accounts = (
        OnlyFansAccount.objects.filter(status=AccountStatus.ACTIVE)
        .exclude(pk__in=queued.values("account_id"))
        .exclude(pk__in=leased.values("account_id"))
        .annotate(last_run_at=Max("sync_runs__created_at"))
    )
    recent_cutoff = now - timedelta(hours=1)
    active_ids = set(
        Message.objects.filter(sent_at__gt=recent_cutoff, account__in=accounts).values_list(
            "account_id", flat=True
        )
    )
    return [
        account
        for account in accounts
        if account.last_run_at is None
        or now - account.last_run_at >= sync_interval(account.pk, recently_active=account.pk in active_ids)
    ]


@db_periodic_task(crontab(minute="*"))
def sync_schedule_task() -> None:
    for account in accounts_due():
        with transaction.atomic():
            sync_run_enqueue(account=account, streams=None, trigger="schedule")


@db_task(retries=5, retry_delay=30)
def sync_alert_task(payload: dict) -> None:
    """POST a health alert to ``HUNTAZE_ALERT_WEBHOOK_URL`` (retried on failure)."""
    alert_post(url=settings.HUNTAZE_ALERT_WEBHOOK_URL, payload=payload)
