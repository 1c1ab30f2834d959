"""Where the signing rules come from, and how long we trust them.

OnlyFans rotates the signing rules with each web build (several times a month); community
repositories publish them (spec §1). ``RulesProvider`` fetches one such file, caches it for
``ttl`` (30 min, like OF-Scraper), re-fetches early when the API rejects a signature
(``refresh``, throttled so a burst of failing requests triggers one fetch), and keeps
signing with the last good rules when the source is down: stale rules may still work, no
rules never do.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from huntaze.onlyfans.exceptions import RulesError, RulesInvalidError
from huntaze.onlyfans.signing import SigningRules, rules_parse

logger = logging.getLogger("huntaze.onlyfans.rules")

DEFAULT_TTL = 30 * 60.0
MIN_REFRESH_INTERVAL = 5.0
FAILURE_RETRY = 60.0


class RulesProvider:
    """Signing rules from a URL (cached, refreshable) or a static dict (tests, pinned rules).

    ``get()`` returns cached rules, fetching when they are older than ``ttl``; ``refresh()``
    forces a fetch unless one was tried in the last ``min_refresh_interval`` seconds. When a
    fetch fails the last good rules are kept (the source is tried again after
    ``failure_retry`` seconds); with no good rules at all ``RulesError`` is raised.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        static: Mapping[str, Any] | SigningRules | None = None,
        ttl: float = DEFAULT_TTL,
        min_refresh_interval: float = MIN_REFRESH_INTERVAL,
        failure_retry: float = FAILURE_RETRY,
        timeout: httpx.Timeout | float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if (url is None) == (static is None):
            raise ValueError("give exactly one of a rules url or static rules")
        self.url = url
        self._rules: SigningRules | None = rules_parse(static) if static is not None else None
        self._ttl = ttl
        self._min_refresh_interval = min_refresh_interval
        self._failure_retry = failure_retry
        self._timeout = timeout
        self._transport = transport
        self._clock = clock
        self._fetched_at: float | None = None  # last successful fetch
        self._attempted_at: float | None = None  # last fetch attempt, successful or not
        self._refreshed_at: float | None = None  # last forced refresh (stale signature)
        self._last_error: Exception | None = None
        # One lock per event loop: Huey workers run a fresh loop per task, and an
        # asyncio.Lock must not be shared across loops.
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    @property
    def current(self) -> SigningRules | None:
        """The rules in use right now, without fetching."""
        return self._rules

    async def get(self) -> SigningRules:
        """Rules to sign with now; fetches when the cache is older than the TTL."""
        if self.url is not None and self._is_due():
            async with self._lock():
                if self._is_due():
                    await self._fetch()
        return self._require()

    async def refresh(self) -> SigningRules:
        """Re-fetch now because the API rejected a signature (throttled across callers)."""
        if self.url is not None:
            async with self._lock():
                # Throttled on the last *refresh*, so a burst of stale answers makes one fetch,
                # yet a rotation right after start-up is still picked up.
                if (
                    self._refreshed_at is None
                    or self._clock() - self._refreshed_at >= self._min_refresh_interval
                ):
                    self._refreshed_at = self._clock()
                    await self._fetch()
        return self._require()

    def _is_due(self) -> bool:
        if self._attempted_at is None:
            return True
        now = self._clock()
        if self._fetched_at != self._attempted_at:  # the last attempt failed
            return now - self._attempted_at >= self._failure_retry
        return now - self._fetched_at >= self._ttl

    def _lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        return lock

    async def _fetch(self) -> None:
        started = self._clock()
        try:
            async with httpx.AsyncClient(timeout=self._timeout, transport=self._transport) as http:
                response = await http.get(self.url, headers={"accept": "application/json"})
                response.raise_for_status()
                rules = rules_parse(response.json())
        except (httpx.HTTPError, ValueError, RulesInvalidError) as exc:
            # Stamped only once the fetch is over: callers arriving meanwhile still see the
            # fetch as due and queue on the lock instead of finding no rules.
            self._attempted_at = started
            self._last_error = exc
            if self._rules is not None:
                logger.warning(
                    "could not refresh OnlyFans signing rules from %s (%s); keeping the last good rules",
                    self.url,
                    _describe(exc),
                )
            return
        changed = self._rules is not None and rules != self._rules
        self._rules, self._last_error = rules, None
        self._fetched_at = self._attempted_at = started
        logger.info(
            "loaded OnlyFans signing rules from %s (revision %s%s)",
            self.url,
            rules.revision or "unknown",
            ", changed" if changed else "",
        )

    def _require(self) -> SigningRules:
        if self._rules is not None:
            return self._rules
        exc = self._last_error
        error_class = RulesInvalidError if isinstance(exc, RulesInvalidError) else RulesError
        raise error_class(
            f"no valid OnlyFans signing rules could be loaded from {self.url}: {_describe(exc)}; "
            "check ONLYFANS_RULES_URL",
            extra={"url": self.url, **(getattr(exc, "extra", None) or {})},
        ) from exc


def _describe(exc: Exception | None) -> str:
    if isinstance(exc, httpx.HTTPStatusError):
        return f"HTTP {exc.response.status_code}"
    if isinstance(exc, RulesInvalidError):
        return exc.message
    if isinstance(exc, ValueError):
        return "the answer is not JSON"
    return type(exc).__name__
