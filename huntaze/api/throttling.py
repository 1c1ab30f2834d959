"""The API's rate limit: a fixed window per token (scripts) or per user (sessions).

Counts live in the Django cache, so they are shared by every process when the cache is Redis
(``REDIS_URL``) and per process with the embedded default (local memory).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

WINDOW_SECONDS = 60


class ApiRateThrottle(BaseThrottle):
    """``HUNTAZE_API_RATE_PER_MINUTE`` requests per window; django-ninja answers 429 with
    ``Retry-After`` (the seconds left in the window) when it is spent."""

    timer = staticmethod(time.time)

    def allow_request(self, request: HttpRequest) -> bool:
        ident = _ident(request)
        if ident is None:  # unauthenticated routes (health) are not limited
            return True
        window = int(self.timer() // WINDOW_SECONDS)
        key = f"huntaze:api-rate:{ident}:{window}"
        cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
            count = 1
        return count <= settings.HUNTAZE_API_RATE_PER_MINUTE

    def wait(self) -> float:
        return WINDOW_SECONDS - self.timer() % WINDOW_SECONDS


def _ident(request: HttpRequest) -> str | None:
    token = getattr(request, "auth_token", None)
    if token is not None:
        return f"token:{token.pk}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None
