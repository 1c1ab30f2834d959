"""Per-account request pacing: one careful browser, not a crawler.

A token bucket in its GCRA form (one "theoretical arrival time" per account): ``burst``
requests may go at once, then one every ``1 / rate`` seconds. Each caller *reserves* its
slot atomically and then sleeps until it, so waiters are served in order without holding a
lock while sleeping. A random ``jitter`` is added to every wait so requests do not tick
like a metronome.

Two backends share the arithmetic: ``InProcessRateLimiter`` (one process) and
``RedisRateLimiter`` (a Lua script on one key per account, using the Redis server clock, so
several worker processes share one budget; while Redis is unreachable it paces in-process
rather than stopping the sync).
"""

from __future__ import annotations

import asyncio
import logging
import random
import threading
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger("huntaze.onlyfans.ratelimit")

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class RateLimit:
    """Pacing settings; ``enabled=False`` turns pacing off (benchmarks against the simulator)."""

    rate: float = 1.0  # requests per second, sustained
    burst: int = 3  # requests allowed back to back
    jitter: float = 0.3  # up to this many extra random seconds on every wait
    enabled: bool = True

    def __post_init__(self) -> None:
        if self.enabled and (self.rate <= 0 or self.burst < 1 or self.jitter < 0):
            raise ValueError("rate must be > 0, burst >= 1 and jitter >= 0")

    @classmethod
    def disabled(cls) -> RateLimit:
        return cls(enabled=False)

    @property
    def interval(self) -> float:
        return 1.0 / self.rate

    @property
    def tolerance(self) -> float:
        return (self.burst - 1) * self.interval


class RateLimiter(Protocol):
    async def acquire(self) -> float:
        """Wait for this request's slot; returns the seconds waited."""
        ...


class _Pacer:
    """Turns a reservation ("your slot is in N seconds") into a jittered sleep."""

    def __init__(self, limit: RateLimit, sleep: Sleep | None, rng: random.Random | None) -> None:
        self.limit = limit
        self._sleep = sleep or asyncio.sleep
        self._rng = rng or random.Random()

    async def wait(self, delay: float) -> float:
        if delay <= 0:
            return 0.0
        delay += self._rng.uniform(0, self.limit.jitter) if self.limit.jitter else 0.0
        await self._sleep(delay)
        return delay


class NoRateLimiter:
    """Pacing disabled: every request goes at once."""

    async def acquire(self) -> float:
        return 0.0


class InProcessRateLimiter(_Pacer):
    """GCRA bucket in memory; safe across event loops and threads of one process."""

    def __init__(
        self,
        limit: RateLimit,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep | None = None,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(limit, sleep, rng)
        self._clock = clock
        self._tat = float("-inf")  # theoretical arrival time of the next free slot
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take the next slot; returns how long until it may be used."""
        with self._lock:
            now = self._clock()
            tat = max(self._tat, now)
            self._tat = tat + self.limit.interval
            return max(0.0, tat - self.limit.tolerance - now)

    async def acquire(self) -> float:
        return await self.wait(self.reserve())


# KEYS[1] = bucket key; ARGV = interval, tolerance (microseconds). Returns the wait in
# microseconds. Server time keeps several hosts' clocks out of it; %d keeps the 16-digit
# microsecond value exact (Lua's default number format would round it).
_GCRA_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
local wait = tat - tolerance - now
if wait < 0 then wait = 0 end
return wait
"""


class RedisRateLimiter(_Pacer):
    """GCRA bucket in Redis: every process pacing ``key`` shares one budget."""

    def __init__(
        self,
        limit: RateLimit,
        *,
        redis_url: str,
        key: str,
        sleep: Sleep | None = None,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(limit, sleep, rng)
        self.key = key
        self._redis_url = redis_url
        self._fallback = InProcessRateLimiter(limit)
        self._degraded = False
        # A redis.asyncio connection belongs to the event loop that opened it.
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Redis] = (
            weakref.WeakKeyDictionary()
        )

    def _client(self) -> Redis:
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            client = self._clients[loop] = Redis.from_url(
                self._redis_url, socket_timeout=2, socket_connect_timeout=2
            )
        return client

    async def reserve(self) -> float:
        """Take the next slot; returns how long until it may be used."""
        client = self._client()
        waited_us = await client.eval(
            _GCRA_LUA,
            1,
            self.key,
            int(self.limit.interval * 1_000_000),
            int(self.limit.tolerance * 1_000_000),
        )
        return int(waited_us) / 1_000_000

    async def acquire(self) -> float:
        try:
            delay = await self.reserve()
            self._degraded = False
        except RedisError as exc:
            if not self._degraded:
                logger.warning("Redis rate limiter unavailable (%s): pacing in-process", type(exc).__name__)
            self._degraded = True
            delay = self._fallback.reserve()
        return await self.wait(delay)

    async def aclose(self) -> None:
        client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()


_in_process: dict[str, InProcessRateLimiter] = {}
_in_process_lock = threading.Lock()


def rate_limiter_for(
    *,
    key: str,
    limit: RateLimit,
    redis_url: str | None = None,
    sleep: Sleep | None = None,
    rng: random.Random | None = None,
) -> RateLimiter:
    """The limiter for one account: shared via Redis when ``redis_url`` is given, else shared by
    every client of that account in this process."""
    if not limit.enabled:
        return NoRateLimiter()
    if redis_url:
        return RedisRateLimiter(limit, redis_url=redis_url, key=key, sleep=sleep, rng=rng)
    with _in_process_lock:
        limiter = _in_process.get(key)
        if limiter is None or limiter.limit != limit:
            limiter = _in_process[key] = InProcessRateLimiter(limit, sleep=sleep, rng=rng)
        return limiter
