"""Back up a database while a real worker syncs into it, restore it into a fresh database, and
resume the sync there: nothing lost, nothing doubled, sessions decrypt only with the same keys."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.db import connection

from huntaze.backups.encryption import backup_key_generate
from huntaze.inbox.models import Message
from huntaze.sync.services import sync_run_create
from huntaze.sync.tests.conftest import sync
from huntaze.sync.tests.workers import (
    huey_workers,
    runs_finished,
    sync_run_enqueue_to,
    wait_until,
    worker_env,
    worker_queue,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def huntaze(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "huntaze.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )


@contextmanager
def fresh_database(tmp_path) -> Iterator[str]:
    """The URL of a new, empty database of the same kind as the test's."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"{db['NAME']}_restored"
    admin = f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(url: str, sql: str) -> list[tuple]:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchall()
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        return conn.execute(sql).fetchall()


def test_backup_during_a_sync_restores_into_a_fresh_database_that_resumes_exactly(
    sim_account, simulator, tmp_path
):
    key = backup_key_generate()
    simulator.control.rate_limit(5, burst=2)  # slow enough to catch the sync in the middle
    env = worker_env(ONLYFANS_RATE_PER_SECOND="0", HUNTAZE_SYNC_LEASE_SECONDS="2", HUNTAZE_BACKUP_KEY=key)
    queue = worker_queue()
    queue.flush()
    run = sync_run_create(account=sim_account, trigger="manual")
    sync_run_enqueue_to(queue, run.pk)
    with huey_workers(1, env=env, log_dir=tmp_path):
        wait_until(
            lambda: Message.objects.filter(account=sim_account).count() >= 60,
            timeout=60,
            what="the worker to store some messages",
            log_dir=tmp_path,
        )
        simulator.control.rate_limit(0.2, burst=1)  # hold the sync mid-way while the backup runs
        made = huntaze("backup", "--dir", str(tmp_path / "backups"), env=env)
        assert made.returncode == 0, made.stderr
        simulator.control.rate_limit(None)
        wait_until(lambda: runs_finished([run.pk]), timeout=120, what="the sync", log_dir=tmp_path)
    assert sync(sim_account).status == "succeeded"  # finish this database too, for the comparison
    (backup,) = (tmp_path / "backups").iterdir()
    assert backup.name.endswith(".enc")
    remote = {
        m["id"]
        for chat in simulator.control.state("chats")
        for m in simulator.control.state(f"chats/{chat['userId']}/messages")
    }
    assert set(Message.objects.filter(account=sim_account).values_list("onlyfans_id", flat=True)) == remote

    with fresh_database(tmp_path) as url:
        restore_env = {**env, "DATABASE_URL": url}
        no_key = huntaze("restore", str(backup), env={**restore_env, "HUNTAZE_BACKUP_KEY": ""})
        assert no_key.returncode != 0
        assert "encrypted" in no_key.stderr
        wrong_key = huntaze(
            "restore", str(backup), env={**restore_env, "HUNTAZE_BACKUP_KEY": backup_key_generate()}
        )
        assert wrong_key.returncode != 0
        assert "cannot be decrypted" in wrong_key.stderr

        restored = huntaze("restore", str(backup), env=restore_env)
        assert restored.returncode == 0, restored.stderr
        again = huntaze("restore", str(backup), env=restore_env)
        assert again.returncode != 0
        assert "not empty" in again.stderr

        at_backup = {row[0] for row in query(url, "SELECT onlyfans_id FROM inbox_message")}
        assert 0 < len(at_backup) < len(remote)  # taken mid-sync
        assert at_backup <= remote
        orphans = query(
            url,
            "SELECT count(*) FROM inbox_message m LEFT JOIN inbox_chat c ON c.id = m.chat_id"
            " WHERE c.id IS NULL",
        )
        assert orphans == [(0,)]

        simulator.control.rate_limit(None)
        other_keys = {**restore_env, "HUNTAZE_FERNET_KEYS": Fernet.generate_key().decode()}
        refused = huntaze("sync", str(sim_account.pk), env=other_keys)
        assert "SecretDecryptError" in refused.stdout + refused.stderr
        assert {row[0] for row in query(url, "SELECT onlyfans_id FROM inbox_message")} == at_backup

        resumed = huntaze("sync", str(sim_account.pk), env=restore_env)
        assert "succeeded" in resumed.stdout, resumed.stdout + resumed.stderr
        messages = [row[0] for row in query(url, "SELECT onlyfans_id FROM inbox_message")]
        assert sorted(messages) == sorted(remote)  # nothing lost, nothing twice
        spend = query(url, "SELECT sum(spend_total_cents), count(*) FROM fans_fan")
        assert spend == list(query_default("SELECT sum(spend_total_cents), count(*) FROM fans_fan"))


def query_default(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]
