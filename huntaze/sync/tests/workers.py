"""Real Huey worker processes for the sync tests: start ``huntaze run_huey``, feed its queue.

The workers share the test's database (the test database, by URL), data directory (so the
same Fernet keys decrypt the sessions) and simulator. Their queue is Huey on SQLite in the
data directory, or Redis when ``redis_url`` is given — exactly what production uses.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string
from huey import Huey
from huey.contrib.djhuey import HUEY

from huntaze.config.settings.base import huey_config
from huntaze.sync.models import RunStatus, SyncRun
from huntaze.sync.tasks import sync_run_task

FINISHED = (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED)


def database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test database)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_env(*, redis_url: str = "", **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "huntaze.config.settings.base",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "HUNTAZE_DATA_DIR": str(settings.DATA_DIR),
        "ONLYFANS_BASE_URL": settings.ONLYFANS_BASE_URL,
        "ONLYFANS_RULES_URL": settings.ONLYFANS_RULES_URL,
        "HUNTAZE_LOG_LEVEL": "INFO",
        **extra,
    }


def worker_queue(*, redis_url: str = "") -> Huey:
    """The queue the workers read (built from the same ``huey_config`` as their settings)."""
    config = huey_config(redis_url, settings.DATA_DIR, immediate=False)
    backend = import_string(config.pop("huey_class"))
    return backend(config.pop("name"), **config.pop("connection", {}), **config)


def sync_run_enqueue_to(queue: Huey, run_id: int) -> None:
    """Put a ``sync_run_task`` on the workers' queue (the test process's Huey is immediate)."""
    queue.storage.enqueue(HUEY.serialize_task(sync_run_task.s(run_id)), 0)


@contextmanager
def huey_workers(count: int, *, env: dict[str, str], log_dir: Path) -> Iterator[list[subprocess.Popen]]:
    """``count`` consumer processes of one thread each, periodic tasks off (the test queues)."""
    processes = []
    try:
        for number in range(count):
            log = (log_dir / f"worker-{number}.log").open("w")
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "huntaze.cli", "run_huey", "--workers", "1", "--no-periodic"],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            log.close()
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until(
    condition: Callable[[], bool], *, timeout: float, what: str, log_dir: Path | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            logs = "".join(p.read_text()[-3000:] for p in sorted(log_dir.glob("*.log"))) if log_dir else ""
            raise AssertionError(f"timed out waiting for {what}\n{logs}")
        time.sleep(0.1)


def runs_finished(run_ids: list[int]) -> bool:
    return SyncRun.objects.filter(pk__in=run_ids, status__in=FINISHED).count() == len(run_ids)
