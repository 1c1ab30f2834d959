"""The per-account sync lease: one sync of an account at a time across every worker.

Works on SQLite and PostgreSQL alike: acquiring is a single conditional UPDATE, which the
database serialises. A crashed worker's lease simply expires.
"""

from __future__ import annotations

import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from huntaze.sync.models import SyncLease


def lease_seconds() -> int:
    """How long a lease lives unrenewed (``HUNTAZE_SYNC_LEASE_SECONDS``): a crashed worker's
    account waits this long before another worker may sync it."""
    return settings.HUNTAZE_SYNC_LEASE_SECONDS


def lease_holder_name() -> str:
    """Who holds a lease: host, process and thread (a Huey worker may run threads)."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def lease_acquire(*, account_id: int, holder: str) -> bool:
    """Take (or extend) the account's lease; ``False`` if another live holder has it."""
    now = timezone.now()
    try:
        with transaction.atomic():
            SyncLease.objects.get_or_create(account_id=account_id, defaults={"expires_at": now})
    except IntegrityError:
        pass  # created concurrently by another worker: the UPDATE below decides
    taken = (
        SyncLease.objects.filter(account_id=account_id)
        .filter(Q(expires_at__lte=now) | Q(holder=holder))
        .update(holder=holder, expires_at=now + timedelta(seconds=lease_seconds()))
    )
    return taken == 1


def lease_renew(*, account_id: int, holder: str) -> bool:
    """Extend a lease we hold; ``False`` means we lost it and must stop writing."""
    return (
        SyncLease.objects.filter(account_id=account_id, holder=holder).update(
            expires_at=timezone.now() + timedelta(seconds=lease_seconds())
        )
        == 1
    )


def lease_release(*, account_id: int, holder: str) -> None:
    SyncLease.objects.filter(account_id=account_id, holder=holder).update(
        holder="", expires_at=timezone.now()
    )
