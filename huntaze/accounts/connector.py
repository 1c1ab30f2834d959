"""Build the OnlyFans connector for an account from settings and its stored session.

The connector itself knows nothing of Django; this is the one place that turns settings
(``ONLYFANS_BASE_URL``, ``ONLYFANS_RULES_URL``, rate limits, ``REDIS_URL``) and decrypted
session material into an ``OnlyFansClient``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings

from huntaze.onlyfans import ClientOptions, OnlyFansClient, OnlyFansSession, RateLimit, RulesProvider


@lru_cache(maxsize=4)
def rules_provider(url: str) -> RulesProvider:
    """One provider per rules URL and process, so the rules cache outlives a single sync."""
    return RulesProvider(url)


def client_options() -> ClientOptions:
    rate_limit = (
        RateLimit(
            rate=settings.ONLYFANS_RATE_PER_SECOND,
            burst=settings.ONLYFANS_RATE_BURST,
            jitter=settings.ONLYFANS_RATE_JITTER,
        )
        if settings.ONLYFANS_RATE_PER_SECOND > 0
        else RateLimit.disabled()
    )
    return ClientOptions(
        base_url=settings.ONLYFANS_BASE_URL, rate_limit=rate_limit, redis_url=settings.REDIS_URL or None
    )


def onlyfans_session(material: dict[str, Any]) -> OnlyFansSession:
    return OnlyFansSession(
        sess=material["sess"],
        auth_id=int(material["auth_id"]),
        x_bc=material["x_bc"],
        user_agent=material["user_agent"],
    )


def onlyfans_client(material: dict[str, Any]) -> OnlyFansClient:
    """A client for one account's decrypted session material (use it as an async context manager)."""
    return OnlyFansClient(
        onlyfans_session(material),
        rules=rules_provider(settings.ONLYFANS_RULES_URL),
        options=client_options(),
    )
