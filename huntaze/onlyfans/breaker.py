"""A per-account circuit breaker: stop calling OnlyFans while it keeps failing.

After ``threshold`` consecutive failed attempts (network faults, 5xx, 429, 403) calls are
refused with ``CircuitOpenError`` for ``cooldown`` seconds; then one probe goes through
(half-open): its success closes the circuit, its failure opens it again. A probe that never
reports back (its caller crashed) is given up after another ``cooldown``. Hammering a
blocking or broken server only lengthens a ban.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum

from huntaze.onlyfans.exceptions import CircuitOpenError


class CircuitState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    def __init__(
        self, *, threshold: int = 5, cooldown: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.threshold = threshold
        self.cooldown = cooldown
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._probe_at: float | None = None

    @property
    def state(self) -> CircuitState:
        if self._opened_at is None:
            return CircuitState.CLOSED
        if self._clock() - self._opened_at >= self.cooldown:
            return CircuitState.HALF_OPEN
        return CircuitState.OPEN

    def before_call(self) -> None:
        """Raise ``CircuitOpenError`` unless a call may go now (claims the probe when half-open)."""
        if self._opened_at is None:
            return
        now = self._clock()
        waiting_on = self._probe_at if self._probe_at is not None else self._opened_at
        remaining = self.cooldown - (now - waiting_on)
        if remaining > 0:
            raise CircuitOpenError(extra={"retry_after": round(remaining, 1), "failures": self._failures})
        self._probe_at = now

    def record_success(self) -> None:
        self._failures, self._opened_at, self._probe_at = 0, None, None

    def record_failure(self) -> None:
        self._failures += 1
        if self._probe_at is not None or self._failures >= self.threshold:
            self._opened_at, self._probe_at = self._clock(), None
