"""Misbehaviour on demand: injected faults and the rate limiter.

Faults come from a seeded schedule (``rate`` per API request, same seed and same request
sequence -> same faults) or are forced through ``POST /_sim/faults`` for the next N
requests. Transport-level kinds are answered before the request reaches a handler;
body-level kinds corrupt a successful JSON answer:

* ``500`` ``502`` ``503``: JSON error bodies (503 says "maintenance", like OnlyFans)
* ``403``: a Cloudflare challenge page (HTML)
* ``timeout``: the answer is held back for ``seconds`` (the client should give up first)
* ``drop``: the connection is closed without an answer
* ``malformed``: truncated JSON with status 200
* ``missing_field``: one list row (or the object) loses its ``id``
* ``duplicate``: the previous page's last row is sent again at the top of this page
"""

from __future__ import annotations

import math
import random
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from huntaze.simulator.data import mix64

TRANSPORT_FAULTS = ("500", "502", "503", "403", "timeout", "drop")
BODY_FAULTS = ("malformed", "missing_field", "duplicate")
FAULT_KINDS = TRANSPORT_FAULTS + BODY_FAULTS
DEFAULT_SCHEDULED = ("500", "502", "503", "malformed", "duplicate")

CLOUDFLARE_PAGE = """<!DOCTYPE html>
<html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"></head>
<body><div class="main-wrapper" role="main"><div class="main-content">
<h1 class="zone-name-title h1">onlyfans.com</h1>
<h2 class="h2">Checking if the site connection is secure</h2>
<noscript>Enable JavaScript and cookies to continue</noscript>
</div></div><div class="footer">Ray ID: <code>8a1b2c3d4e5f6789</code> Performance &amp; security by
Cloudflare</div></body></html>
"""

SERVER_ERRORS = {
    "500": {"error": {"code": 0, "message": "Internal Server Error"}},
    "502": {"error": {"code": 0, "message": "Bad Gateway"}},
    "503": {"error": {"code": 0, "message": "Service temporarily unavailable: maintenance"}},
}


@dataclass(frozen=True, slots=True)
class Fault:
    kind: str
    seconds: float = 0.0


class FaultPlan:
    """Decides, request by request, whether to misbehave and how."""

    def __init__(
        self,
        *,
        seed: int,
        rate: float = 0.0,
        kinds: tuple[str, ...] = DEFAULT_SCHEDULED,
        timeout_seconds: float = 30.0,
    ) -> None:
        unknown = set(kinds) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds: {sorted(unknown)}")
        self.rate = rate
        self.kinds = tuple(kinds)
        self.timeout_seconds = timeout_seconds
        self._rng = random.Random(mix64(seed, 0xFA17))
        self._forced: deque[tuple[Fault, str | None]] = deque()

    def force(
        self, kind: str, *, count: int = 1, seconds: float | None = None, path: str | None = None
    ) -> None:
        """Inject ``kind`` into the next ``count`` API requests (whose path starts with ``path``)."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; choose one of {', '.join(FAULT_KINDS)}")
        fault = Fault(kind, self.timeout_seconds if seconds is None else seconds)
        self._forced.extend((fault, path) for _ in range(count))

    def clear(self) -> None:
        self._forced.clear()

    def pending(self) -> list[dict[str, Any]]:
        return [{"kind": f.kind, "seconds": f.seconds, "path": p} for f, p in self._forced]

    def next(self, path: str) -> Fault | None:
        """The fault for this request, if any. The schedule draws on every request so its
        sequence does not depend on forced faults."""
        roll, pick = self._rng.random(), self._rng.randrange(max(1, len(self.kinds)))
        for n, (fault, prefix) in enumerate(self._forced):
            if prefix is None or path.startswith(prefix):
                del self._forced[n]
                return fault
        if self.kinds and roll < self.rate:
            return Fault(self.kinds[pick], self.timeout_seconds)
        return None


class TokenBucket:
    """``rate`` requests per second with bursts of ``burst``; ``take`` returns 0 when allowed,
    else the seconds until the next token."""

    def __init__(self, rate: float, burst: int, *, clock: Any = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate, self.burst, self._clock = rate, burst, clock
        self._tokens = float(burst)
        self._at = clock()

    def take(self) -> float:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        if self._tokens >= 1:
            self._tokens -= 1
            return 0.0
        return (1 - self._tokens) / self.rate

    @staticmethod
    def retry_after(wait: float) -> str:
        return str(max(1, math.ceil(wait)))


def payload_corrupt(payload: Any, kind: str, previous_last: Any) -> Any:
    """Apply a body-level fault to a decoded payload (``malformed`` is done on the bytes)."""
    rows = payload.get("list") if isinstance(payload, dict) else None
    if kind == "duplicate" and isinstance(rows, list):
        extra = previous_last if previous_last is not None else (rows[0] if rows else None)
        if extra is not None:
            return {**payload, "list": [extra, *rows]}
    if kind == "missing_field":
        if isinstance(rows, list) and rows:
            victim = len(rows) // 2
            row = dict(rows[victim])
            row.pop("id" if "id" in row else "withUser", None)
            return {**payload, "list": [*rows[:victim], row, *rows[victim + 1 :]]}
        if isinstance(payload, dict):
            return {k: v for k, v in payload.items() if k != "id"}
    return payload


def body_truncate(body: bytes) -> bytes:
    return body[: max(1, len(body) // 2)]
