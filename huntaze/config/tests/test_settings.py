"""Embedded defaults: generated keys, SQLite in WAL mode, Huey storage choice."""

from __future__ import annotations

import stat

from django.db import connection

from huntaze.config.settings import env
from huntaze.config.settings.base import database_config, huey_config


def test_keys_are_generated_once_with_mode_0600(tmp_path, monkeypatch):
    monkeypatch.delenv("HUNTAZE_SECRET_KEY", raising=False)
    monkeypatch.delenv("HUNTAZE_FERNET_KEYS", raising=False)
    first = (env.secret_key(tmp_path), env.fernet_keys(tmp_path))
    assert (env.secret_key(tmp_path), env.fernet_keys(tmp_path)) == first
    for name in ("secret_key", env.FERNET_KEYS_FILENAME):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert len(first[0]) >= 50


def test_environment_keys_win_over_files(tmp_path, monkeypatch):
    monkeypatch.setenv("HUNTAZE_FERNET_KEYS", "k1, k2")
    monkeypatch.setenv("HUNTAZE_SECRET_KEY", "from-env")
    assert env.fernet_keys(tmp_path) == ["k1", "k2"]
    assert env.secret_key(tmp_path) == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_default_database_is_sqlite_in_the_data_dir_with_wal(tmp_path):
    config = database_config("", tmp_path)
    assert config["NAME"] == str(tmp_path / "huntaze.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_database_url_selects_postgresql(tmp_path):
    config = database_config("postgres://u@db.example:5432/hz", tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "hz"


def test_huey_uses_sqlite_without_redis_and_redis_with_it(tmp_path):
    assert huey_config("", tmp_path, immediate=False)["huey_class"] == "huey.SqliteHuey"
    assert huey_config("", tmp_path, immediate=False)["filename"] != str(tmp_path / "huntaze.sqlite3")
    redis = huey_config("redis://127.0.0.1:6379/0", tmp_path, immediate=False)
    assert redis["huey_class"] == "huey.RedisHuey"


def test_sqlite_connection_really_runs_in_wal_mode(db):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
