"""Huey jobs of shifts."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from huntaze.shifts.services import clock_outs_overdue


@db_periodic_task(crontab(minute="*/5"))
def clock_outs_overdue_task() -> None:
    """Clock out chatters whose shift ended while they were still clocked in."""
    clock_outs_overdue()
