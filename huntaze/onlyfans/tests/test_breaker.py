from __future__ import annotations

import httpx
import pytest

from huntaze.onlyfans import CircuitBreaker, CircuitOpenError, CircuitState, ServerError
from huntaze.onlyfans.tests.conftest import Script, load, ok


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_breaker_opens_after_consecutive_failures_and_refuses_calls(make_client):
    clock = Clock()
    script = Script(httpx.Response(502))
    client = make_client(script, clock=clock, max_retries=0, breaker_threshold=3, breaker_cooldown=60)
    for _ in range(3):
        with pytest.raises(ServerError):
            await client.subscriber_counts()
    with pytest.raises(CircuitOpenError) as info:
        await client.subscriber_counts()
    assert info.value.extra["retry_after"] == 60
    assert len(script.requests) == 3  # the refused call made no request


async def test_breaker_half_opens_after_the_cooldown_and_one_success_closes_it(make_client):
    clock = Clock()
    script = Script(httpx.Response(502), httpx.Response(502), ok(load("subscriptions_count_all")))
    client = make_client(script, clock=clock, max_retries=0, breaker_threshold=2, breaker_cooldown=30)
    for _ in range(2):
        with pytest.raises(ServerError):
            await client.subscriber_counts()
    clock.now += 31
    await client.subscriber_counts()  # the probe
    await client.subscriber_counts()
    assert len(script.requests) == 4


def test_a_failed_probe_opens_the_circuit_again_and_only_one_probe_goes():
    clock = Clock()
    breaker = CircuitBreaker(threshold=2, cooldown=30, clock=clock)
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state is CircuitState.OPEN
    clock.now = 30
    assert breaker.state is CircuitState.HALF_OPEN
    breaker.before_call()  # the probe
    with pytest.raises(CircuitOpenError):
        breaker.before_call()  # a second caller while the probe is out
    breaker.record_failure()
    assert breaker.state is CircuitState.OPEN
    clock.now = 61
    breaker.before_call()
    breaker.record_success()
    assert breaker.state is CircuitState.CLOSED
