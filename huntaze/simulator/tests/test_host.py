"""One simulator serving several creators, as OnlyFans serves every creator from one host."""

from __future__ import annotations

import httpx
import pytest

from huntaze.accounts.connector import onlyfans_session
from huntaze.onlyfans import ClientOptions, OnlyFansClient, RateLimit, RulesProvider
from huntaze.onlyfans.exceptions import RateLimitedError, SessionExpiredError
from huntaze.simulator.data import CREATOR_ID
from huntaze.simulator.server import SimulatorConfig, run_in_thread, sim_session


@pytest.fixture(scope="module")
def sim():
    with run_in_thread(SimulatorConfig(size="small", seed=5, creators=3)) as running:
        yield running


def client(sim, material: dict[str, str]) -> OnlyFansClient:
    options = ClientOptions(
        base_url=sim.api_url,
        rate_limit=RateLimit.disabled(),
        timeout=httpx.Timeout(2.0),
        max_retries=0,
        max_rate_limited_retries=0,
    )
    return OnlyFansClient(onlyfans_session(material), rules=RulesProvider(sim.rules_url), options=options)


async def test_each_session_reaches_its_own_creator_and_data(sim):
    seen = []
    for creator in range(3):
        async with client(sim, sim_session(creator)) as of:
            me = await of.me()
            chats = await of.chats_page(offset=0, limit=10, order="recent")
        seen.append((me.id, [chat.with_user.id for chat in chats.list]))
    assert [creator_id for creator_id, _ in seen] == [CREATOR_ID, CREATOR_ID + 1, CREATOR_ID + 2]
    assert seen[0][1] != seen[1][1]  # each creator has its own seed, so its own inbox


async def test_a_creators_cookie_with_another_creators_auth_id_is_refused(sim):
    stolen = {**sim_session(2), "sess": sim_session(1)["sess"]}
    async with client(sim, stolen) as of:
        with pytest.raises(SessionExpiredError):
            await of.me()


async def test_control_plane_and_access_log_are_per_creator(sim):
    for creator in range(3):
        sim.control_for(creator).clear_access_log()
    sim.control_for(1).rate_limit(0.01, burst=1)
    try:
        async with client(sim, sim_session(1)) as of:
            await of.me()
            with pytest.raises(RateLimitedError):
                await of.me()
        async with client(sim, sim_session(2)) as of:
            for _ in range(3):
                await of.me()  # creator 1's limit does not touch creator 2
    finally:
        sim.control_for(1).rate_limit(None)
    statuses = [
        [e["status"] for e in sim.control_for(c).access_log() if e["path"] == "/api2/v2/users/me"]
        for c in range(3)
    ]
    assert statuses == [[], [200, 429], [200, 200, 200]]
    assert sim.control_for(2).state()["fans"] == sim.control_for(0).state()["fans"]


def test_an_unknown_creator_in_the_control_plane_is_a_clear_404(sim):
    response = httpx.get(sim.base_url + "/_sim/creators/9/state")
    assert response.status_code == 404
    assert "no simulated creator" in response.json()["error"]["message"]
