"""Scheduled backups: hourly check, a backup when the newest is older than the interval."""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from huntaze.backups.services import backup_create, backup_due, backup_prune

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="17"))
@lock_task("backup")
def backup_scheduled_task() -> None:
    every = settings.HUNTAZE_BACKUP_EVERY_HOURS
    if every <= 0 or not backup_due(every_hours=every):
        return
    path = backup_create()
    deleted = backup_prune(keep=settings.HUNTAZE_BACKUP_KEEP)
    logger.info("backup written to %s (%d old ones removed)", path, len(deleted))
