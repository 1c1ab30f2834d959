"""Shared bits of the benchmark scripts (not a test module)."""

from __future__ import annotations

from huntaze.onlyfans import ClientOptions, OnlyFansClient, OnlyFansSession, RateLimit, RulesProvider
from huntaze.simulator.server import SIM_AUTH_ID, SIM_SESS, SIM_USER_AGENT, SIM_X_BC, RunningSimulator


def client_for(sim: RunningSimulator, rate_limit: RateLimit) -> OnlyFansClient:
    session = OnlyFansSession(sess=SIM_SESS, auth_id=SIM_AUTH_ID, x_bc=SIM_X_BC, user_agent=SIM_USER_AGENT)
    return OnlyFansClient(
        session,
        rules=RulesProvider(sim.rules_url),
        options=ClientOptions(base_url=sim.api_url, rate_limit=rate_limit),
    )
