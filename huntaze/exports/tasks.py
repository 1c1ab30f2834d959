"""Huey jobs of the exports domain: run an export, expire old files, purge disconnected accounts."""

from __future__ import annotations

import logging

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from huntaze.exports.models import Export
from huntaze.exports.services.exporting import export_request, export_run, exports_expire
from huntaze.exports.services.retention import accounts_purge_expired

logger = logging.getLogger(__name__)


@db_task()
def export_run_task(export_id: int) -> None:
    """Not retried: a failure is recorded on the export, and the user can start another."""
    export_run(export_id=export_id)


def export_enqueue(*, user: AbstractBaseUser, account_id: int, request: HttpRequest | None = None) -> Export:
    """Request an export (see ``export_request``) and queue its run once the transaction commits."""
    with transaction.atomic():
        export, created = export_request(user=user, account_id=account_id, request=request)
        if created:
            transaction.on_commit(lambda: export_run_task(export.pk))
    return export


@db_periodic_task(crontab(minute="23"))
@lock_task("exports-expire")
def exports_expire_task() -> None:
    expired = exports_expire()
    if expired:
        logger.info("%d expired export files removed", expired)


@db_periodic_task(crontab(minute="47"))
@lock_task("accounts-purge")
def accounts_purge_task() -> None:
    purged = accounts_purge_expired()
    if purged:
        logger.info("purged the data of disconnected accounts %s", purged)
