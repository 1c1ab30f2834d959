"""Scheduled backups: one when the newest is older than the interval, the newest N kept."""

from __future__ import annotations

import os
import time

import pytest

from huntaze.backups.services import backup_list
from huntaze.backups.tasks import backup_scheduled_task

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backups(settings, tmp_path):
    settings.HUNTAZE_BACKUP_DIR = str(tmp_path)
    settings.HUNTAZE_BACKUP_KEY = ""
    settings.HUNTAZE_BACKUP_EVERY_HOURS = 24
    settings.HUNTAZE_BACKUP_KEEP = 2
    return tmp_path


def age(path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_the_schedule_backs_up_when_due_and_keeps_the_newest(backups, owner):
    backup_scheduled_task.call_local()
    (first,) = backup_list()
    backup_scheduled_task.call_local()
    assert backup_list() == [first]  # not due yet

    age(first, 25)
    backup_scheduled_task.call_local()
    second = backup_list()[0]
    age(second, 25)
    backup_scheduled_task.call_local()
    kept = backup_list()
    assert len(kept) == 2
    assert first not in kept
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in kept)


def test_an_interval_of_zero_turns_the_schedule_off(backups, settings):
    settings.HUNTAZE_BACKUP_EVERY_HOURS = 0
    backup_scheduled_task.call_local()
    assert backup_list() == []
