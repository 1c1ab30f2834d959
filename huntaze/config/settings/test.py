"""Test settings: the same as base with an isolated data directory and fast hashing.

``DATABASE_URL`` still selects PostgreSQL, so the suite runs on both databases.
"""

from huntaze.config.settings.base import *  # noqa: F403
from huntaze.config.settings.base import DATA_DIR, REDIS_URL, huey_config

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUEY = huey_config(REDIS_URL, DATA_DIR, immediate=True)
# One process, nothing kept between runs (rate-limit counts must not leak from test to test).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Many API calls per test user; tests of the limit itself lower it.
HUNTAZE_API_RATE_PER_MINUTE = 100_000
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not ":memory:": tests read the raw database file and start worker processes.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns about a missing root
