"""``huntaze check --deploy`` names each unsafe setting with the one that fixes it."""

from __future__ import annotations

import pytest

from huntaze.core.checks import huntaze_deploy_checks

# The checks only read DATABASES; no query runs while it is overridden.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def production(settings, monkeypatch, tmp_path):
    """Everything a production deployment sets; each test then breaks one thing."""
    settings.DEBUG = False
    settings.PRODUCTION = True
    settings.DATA_DIR = tmp_path
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "huntaze"}}
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.HUNTAZE_METRICS_TOKEN = "t"
    settings.HUNTAZE_BACKUP_EVERY_HOURS = 24
    settings.HUNTAZE_BACKUP_KEY = "k"
    monkeypatch.setenv("HUNTAZE_SECRET_KEY", "s" * 50)
    monkeypatch.setenv("HUNTAZE_FERNET_KEYS", "f")
    return settings


def ids() -> set[str]:
    return {problem.id for problem in huntaze_deploy_checks()}


def test_a_production_setup_passes(production):
    assert ids() == set()


def test_debug_and_missing_production_mode_are_errors(production):
    production.DEBUG = True
    production.PRODUCTION = False
    assert ids() == {"huntaze.E001", "huntaze.E002"}


def test_a_key_file_readable_by_others_is_an_error(production, tmp_path):
    key = tmp_path / "fernet_keys"
    key.write_text("k")
    key.chmod(0o644)
    assert ids() == {"huntaze.E003"}
    key.chmod(0o600)
    assert ids() == set()


def test_sqlite_with_several_workers_is_an_error_and_alone_a_warning(production):
    production.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}
    assert ids() == {"huntaze.E004"}
    production.REDIS_URL = ""
    assert ids() == {"huntaze.W001"}


def test_keys_from_files_open_metrics_and_unencrypted_or_no_backups_are_warnings(production, monkeypatch):
    monkeypatch.delenv("HUNTAZE_FERNET_KEYS")
    production.HUNTAZE_METRICS_TOKEN = ""
    production.HUNTAZE_BACKUP_KEY = ""
    assert ids() == {"huntaze.W002", "huntaze.W003", "huntaze.W005"}
    production.HUNTAZE_BACKUP_EVERY_HOURS = 0
    assert "huntaze.W004" in ids()
