"""Settings for every environment; ``test.py`` adjusts them for the test suite.

All values come from ``env.py``. ``HUNTAZE_PRODUCTION=1`` switches on the production
hardening (DEBUG off, secure cookies, HSTS, SSL redirect); see docs/operations.md.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from huntaze.config.settings import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # the ``huntaze`` package
DATA_DIR = env.data_dir()

PRODUCTION = env.env_bool("HUNTAZE_PRODUCTION")
DEBUG = env.env_bool("HUNTAZE_DEBUG", default=False) and not PRODUCTION
SECRET_KEY = env.secret_key(DATA_DIR)
FERNET_KEYS = env.fernet_keys(DATA_DIR)
ALLOWED_HOSTS = env.env_list("HUNTAZE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env.env_list("HUNTAZE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "huey.contrib.djhuey",
    "huntaze.core",
    "huntaze.accounts",
    "huntaze.audit",
    "huntaze.fans",
    "huntaze.inbox",
    "huntaze.content",
    "huntaze.earnings",
    "huntaze.sync",
    "huntaze.analytics",
    "huntaze.presets",
    "huntaze.onlyfans",
    "huntaze.simulator",
    "huntaze.exports",
    "huntaze.segments",
    "huntaze.shifts",
    "huntaze.replies",
    "huntaze.notes",
    "huntaze.events",
    "huntaze.campaigns",
    "huntaze.attribution",
    "huntaze.webhooks",
    "huntaze.security",
    "huntaze.api",
    "huntaze.backups",
    "huntaze.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "huntaze.security.middleware.SessionSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "huntaze.core.middleware.RequestIdMiddleware",
    "huntaze.core.middleware.ContentSecurityPolicyMiddleware",
    "huntaze.api.middleware.ApiBodyLimitMiddleware",
    "huntaze.web.middleware.HuntazeErrorPageMiddleware",
]

ROOT_URLCONF = "huntaze.config.urls"
WSGI_APPLICATION = "huntaze.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "huntaze.web.context_processors.dashboard",
            ],
        },
    },
]


def database_config(url: str, data_dir: Path) -> dict:
    """PostgreSQL from ``DATABASE_URL``; otherwise an embedded SQLite file in WAL mode.

    The SQLite options let a web process and a worker write at once without
    "database is locked": IMMEDIATE transactions plus a generous busy timeout.
    """
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(data_dir / "huntaze.sqlite3")}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
            ),
        }
    return config


DATABASES = {"default": database_config(env.env_str("DATABASE_URL"), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.env_str("REDIS_URL")


def huey_config(redis_url: str, data_dir: Path, *, immediate: bool) -> dict:
    """Huey on Redis when ``REDIS_URL`` is set, else on its own SQLite file."""
    common = {"name": "huntaze", "immediate": immediate, "utc": True}
    if redis_url:
        return {**common, "huey_class": "huey.RedisHuey", "connection": {"url": redis_url}}
    return {**common, "huey_class": "huey.SqliteHuey", "filename": str(data_dir / "huey.sqlite3")}


HUEY = huey_config(REDIS_URL, DATA_DIR, immediate=False)


def cache_config(redis_url: str, data_dir: Path) -> dict:
    """Redis when ``REDIS_URL`` is set, else files in the data directory: either way every process
    of the host shares it (the API rate limit; analytics figures the worker renders after a sync)."""
    if redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(data_dir / "cache"),
        }
    }


CACHES = cache_config(REDIS_URL, DATA_DIR)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Loads the 2FA state with the session's user (no extra query per request): see huntaze.security.
AUTHENTICATION_BACKENDS = ["huntaze.security.backends.SecurityStateBackend"]
HUNTAZE_SESSION_IDLE_MINUTES = env.env_int("HUNTAZE_SESSION_IDLE_MINUTES", 60)
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:hub"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.env_bool("HUNTAZE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.env_int("HUNTAZE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

ONLYFANS_BASE_URL = env.env_str("ONLYFANS_BASE_URL", "https://onlyfans.com/api2/v2")
ONLYFANS_RULES_URL = env.env_str(
    "ONLYFANS_RULES_URL",
    "https://raw.githubusercontent.com/DATAHOARDERS/dynamic-rules/main/onlyfans.json",
)
HUNTAZE_SYNC_INTERVAL_SECONDS = env.env_int("HUNTAZE_SYNC_INTERVAL_SECONDS", 300)
HUNTAZE_SYNC_ACTIVE_SECONDS = env.env_int("HUNTAZE_SYNC_ACTIVE_SECONDS", 90)
HUNTAZE_SYNC_LEASE_SECONDS = env.env_int("HUNTAZE_SYNC_LEASE_SECONDS", 120)

# Suggestions: "local" (offline, default) or "llm" — any OpenAI-compatible chat-completions server.
HUNTAZE_SUGGESTION_ENGINE = env.env_str("HUNTAZE_SUGGESTION_ENGINE", "local")
# Backups (`huntaze backup`, and a scheduled one when HUNTAZE_BACKUP_EVERY_HOURS > 0).
HUNTAZE_BACKUP_DIR = env.env_str("HUNTAZE_BACKUP_DIR", str(DATA_DIR / "backups"))
HUNTAZE_BACKUP_KEY = env.env_str(
    "HUNTAZE_BACKUP_KEY"
)  # urlsafe base64, 32 bytes: `huntaze backup --generate-key`
HUNTAZE_BACKUP_EVERY_HOURS = float(env.env_str("HUNTAZE_BACKUP_EVERY_HOURS", "24"))
HUNTAZE_BACKUP_KEEP = env.env_int("HUNTAZE_BACKUP_KEEP", 14)
# Account exports (docs/data-ownership.md): where the files go and how many days they stay downloadable.
HUNTAZE_EXPORT_DIR = env.env_str("HUNTAZE_EXPORT_DIR", str(DATA_DIR / "exports"))
HUNTAZE_EXPORT_KEEP_DAYS = env.env_int("HUNTAZE_EXPORT_KEEP_DAYS", 7)
# A disconnected account's data is purged this many days after the disconnect.
HUNTAZE_RETENTION_DAYS = env.env_int("HUNTAZE_RETENTION_DAYS", 30)
# Where workers publish each account's reply index for the web processes (shared disk if several hosts).
HUNTAZE_SUGGESTION_INDEX_DIR = env.env_str("HUNTAZE_SUGGESTION_INDEX_DIR", str(DATA_DIR / "suggestions"))
HUNTAZE_LLM_BASE_URL = env.env_str("HUNTAZE_LLM_BASE_URL")  # e.g. http://127.0.0.1:11434/v1 (Ollama)
HUNTAZE_LLM_MODEL = env.env_str("HUNTAZE_LLM_MODEL")
HUNTAZE_LLM_API_KEY = env.env_str("HUNTAZE_LLM_API_KEY")
HUNTAZE_LLM_TIMEOUT_SECONDS = env.env_int("HUNTAZE_LLM_TIMEOUT_SECONDS", 20)
ONLYFANS_RATE_PER_SECOND = float(env.env_str("ONLYFANS_RATE_PER_SECOND", "1.0"))
ONLYFANS_RATE_BURST = env.env_int("ONLYFANS_RATE_BURST", 3)
ONLYFANS_RATE_JITTER = float(env.env_str("ONLYFANS_RATE_JITTER", "0.3"))  # 0 rate = pacing off
HUNTAZE_METRICS_TOKEN = env.env_str("HUNTAZE_METRICS_TOKEN")
HUNTAZE_API_RATE_PER_MINUTE = env.env_int("HUNTAZE_API_RATE_PER_MINUTE", 120)  # per token or user
HUNTAZE_API_MAX_BODY_BYTES = env.env_int("HUNTAZE_API_MAX_BODY_BYTES", 64 * 1024)
HUNTAZE_ALERT_WEBHOOK_URL = env.env_str("HUNTAZE_ALERT_WEBHOOK_URL")
# Team webhooks may POST to loopback/private addresses (tests, the demo, a LAN receiver): an SSRF risk.
HUNTAZE_WEBHOOKS_ALLOW_PRIVATE = env.env_bool("HUNTAZE_WEBHOOKS_ALLOW_PRIVATE")
HUNTAZE_LLM_BASE_URL = env.env_str("HUNTAZE_LLM_BASE_URL")
HUNTAZE_LLM_MODEL = env.env_str("HUNTAZE_LLM_MODEL")
HUNTAZE_LLM_API_KEY = env.env_str("HUNTAZE_LLM_API_KEY")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "huntaze.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.env_str("HUNTAZE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "huey": {"propagate": False},  # run_huey installs its own handler
        "bm25s": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},  # the connector logs every request itself, without secrets
    },
}
