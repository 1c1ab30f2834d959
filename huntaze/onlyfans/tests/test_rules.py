from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

from huntaze.onlyfans import RulesError, RulesInvalidError, RulesProvider
from huntaze.onlyfans.tests.conftest import Script, load, ok

URL = "https://rules.example/onlyfans.json"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def provider(script: Script, clock: Clock, **kwargs) -> RulesProvider:
    return RulesProvider(URL, transport=httpx.MockTransport(script), clock=clock, **kwargs)


async def test_rules_are_cached_for_the_ttl_then_fetched_again():
    clock, script = Clock(), Script(ok(load("rules_deviint")))
    rules = provider(script, clock, ttl=1800)
    first = await rules.get()
    clock.now += 1799
    await rules.get()
    assert len(script.requests) == 1
    clock.now += 2
    assert await rules.get() == first
    assert len(script.requests) == 2


async def test_rules_accept_layout_a_and_both_layout_b_spellings():
    for name, prefix in (("rules_layout_a", "29714"), ("rules_deviint", "32139"), ("rules_sneaky", "27001")):
        rules = await provider(Script(ok(load(name))), Clock()).get()
        assert rules.prefix == prefix


async def test_refresh_fetches_new_rules_but_not_twice_within_the_throttle():
    clock = Clock()
    script = Script(ok(load("rules_layout_a")), ok(load("rules_deviint")), ok(load("rules_sneaky")))
    rules = provider(script, clock, min_refresh_interval=5)
    assert (await rules.get()).prefix == "29714"
    clock.now += 6
    assert (await rules.refresh()).prefix == "32139"
    clock.now += 1
    assert (await rules.refresh()).prefix == "32139"  # another request just refreshed: no fetch
    assert len(script.requests) == 2


async def test_a_failed_refresh_falls_back_to_the_last_good_rules(caplog):
    clock = Clock()
    script = Script(ok(load("rules_deviint")), httpx.Response(502, text="bad gateway"))
    rules = provider(script, clock)
    good = await rules.get()
    clock.now += 10
    with caplog.at_level(logging.WARNING, logger="huntaze.onlyfans.rules"):
        assert await rules.refresh() == good
    assert "HTTP 502" in caplog.text


async def test_a_failed_fetch_is_not_retried_on_every_request():
    clock = Clock()
    script = Script(ok(load("rules_deviint")), httpx.ConnectError("down"))
    rules = provider(script, clock, ttl=60, failure_retry=60)
    await rules.get()
    clock.now += 61
    await rules.get()  # expired: tries, fails, keeps the old rules
    clock.now += 30
    await rules.get()
    assert len(script.requests) == 2


async def test_no_rules_at_all_raises_a_clear_rules_error():
    rules = provider(Script(httpx.ConnectError("down")), Clock())
    with pytest.raises(RulesError, match="no valid OnlyFans signing rules could be loaded") as info:
        await rules.get()
    assert info.value.extra["url"] == URL


async def test_invalid_rules_raise_rules_invalid_error_naming_the_field():
    broken = {k: v for k, v in load("rules_deviint").items() if k != "checksum_indexes"}
    with pytest.raises(RulesInvalidError, match="checksum_indexes") as info:
        await provider(Script(ok(broken)), Clock()).get()
    assert info.value.extra["field"] == "checksum_indexes"


async def test_static_rules_never_fetch():
    rules = RulesProvider(static=load("rules_sneaky"))
    assert (await rules.refresh()).suffix == "6833bc10"
    assert rules.url is None


async def test_concurrent_first_calls_wait_for_one_fetch_instead_of_failing():
    fetches = 0

    async def slow_rules(request: httpx.Request) -> httpx.Response:
        nonlocal fetches
        fetches += 1
        await asyncio.sleep(0.05)
        return httpx.Response(
            200,
            json={
                "static_param": "x",
                "prefix": "1",
                "suffix": "2",
                "checksum_indexes": [1, 2],
                "checksum_constant": 3,
            },
        )

    provider = RulesProvider("https://rules.example/r.json", transport=httpx.MockTransport(slow_rules))
    results = await asyncio.gather(*(provider.get() for _ in range(20)))
    assert fetches == 1
    assert all(rules.static_param == "x" for rules in results)
