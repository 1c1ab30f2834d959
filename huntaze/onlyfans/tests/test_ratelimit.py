from __future__ import annotations

import asyncio
import multiprocessing
import random
import time
import uuid

import pytest
import redis

from huntaze.onlyfans import (
    InProcessRateLimiter,
    NoRateLimiter,
    RateLimit,
    RedisRateLimiter,
    rate_limiter_for,
)

REDIS_URL = "redis://127.0.0.1:6379/15"


class FakeTime:
    """A clock whose sleep advances it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


async def test_in_process_bucket_allows_the_burst_then_one_per_second():
    fake = FakeTime()
    limiter = InProcessRateLimiter(RateLimit(rate=1.0, burst=3, jitter=0), clock=fake.clock, sleep=fake.sleep)
    sent_at = []
    for _ in range(6):
        await limiter.acquire()
        sent_at.append(fake.now)
    assert sent_at == [0, 0, 0, 1, 2, 3]
    fake.now += 10  # idle: the burst refills, but not beyond it
    for _ in range(4):
        await limiter.acquire()
        sent_at.append(fake.now)
    assert sent_at[6:] == [13, 13, 13, 14]


async def test_in_process_bucket_serves_concurrent_callers_in_order(sleep):
    limiter = InProcessRateLimiter(RateLimit(rate=2.0, burst=1, jitter=0), clock=lambda: 0.0, sleep=sleep)
    waits = await asyncio.gather(*(limiter.acquire() for _ in range(4)))
    assert waits == [0, 0.5, 1.0, 1.5]  # all arrived at t=0: each reserved its own slot


async def test_waits_get_random_jitter():
    fake = FakeTime()
    limiter = InProcessRateLimiter(
        RateLimit(rate=1.0, burst=1, jitter=0.5), clock=fake.clock, sleep=fake.sleep, rng=random.Random(3)
    )
    await limiter.acquire()
    waited = await limiter.acquire()
    assert 1.0 < waited <= 1.5
    assert fake.sleeps == [waited]


async def test_disabled_rate_limit_never_waits():
    limiter = rate_limiter_for(key="bench", limit=RateLimit.disabled())
    assert isinstance(limiter, NoRateLimiter)
    assert await limiter.acquire() == 0


def test_clients_of_one_account_share_the_in_process_bucket():
    limit = RateLimit()
    key = f"test:{uuid.uuid4()}"
    assert rate_limiter_for(key=key, limit=limit) is rate_limiter_for(key=key, limit=limit)
    assert isinstance(rate_limiter_for(key=key, limit=limit, redis_url=REDIS_URL), RedisRateLimiter)


async def test_redis_limiter_paces_in_process_while_redis_is_down(sleep, caplog):
    limit = RateLimit(rate=1.0, burst=1, jitter=0)
    limiter = RedisRateLimiter(limit, redis_url="redis://127.0.0.1:1/0", key="down", sleep=sleep)
    assert await limiter.acquire() == 0
    assert 0.9 < await limiter.acquire() <= 1.0
    assert caplog.text.count("Redis rate limiter unavailable") == 1
    await limiter.aclose()


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def _redis_worker(key: str, count: int, queue) -> None:
    async def run() -> list[float]:
        limiter = RedisRateLimiter(RateLimit(rate=10.0, burst=2, jitter=0), redis_url=REDIS_URL, key=key)
        stamps = []
        for _ in range(count):
            await limiter.acquire()
            stamps.append(time.time())
        await limiter.aclose()
        return stamps

    queue.put(asyncio.run(run()))


@pytest.mark.slow
@pytest.mark.skipif(not _redis_available(), reason="Redis is not reachable on 127.0.0.1:6379")
def test_two_processes_sharing_a_redis_bucket_never_exceed_the_budget():
    key = f"huntaze:test:ratelimit:{uuid.uuid4()}"
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_redis_worker, args=(key, 10, queue)) for _ in range(2)]
    for worker in workers:
        worker.start()
    stamps = sorted(queue.get(timeout=30) + queue.get(timeout=30))
    for worker in workers:
        worker.join(timeout=10)
    redis.Redis.from_url(REDIS_URL).delete(key)
    # 20 requests at 10/s with a burst of 2 need at least (20 - 2) / 10 = 1.8 s.
    assert stamps[-1] - stamps[0] >= 1.8 - 0.05
    # In any 0.5 s window: at most burst + 0.5 * rate = 7 (+1 for scheduling noise).
    assert max(sum(1 for t in stamps if start <= t < start + 0.5) for start in stamps) <= 8
