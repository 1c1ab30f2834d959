"""The connector against the simulator over real loopback HTTP: endpoints, faults, pacing, sends.

The unit tests pin each rule on a mock transport; these prove the same rules hold against a
server that signs, paces and fails like OnlyFans, measured from the simulator's access log.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
import pytest

from huntaze.onlyfans import (
    ClientOptions,
    ForbiddenError,
    OnlyFansClient,
    OnlyFansSession,
    RateLimit,
    RulesProvider,
    SchemaDriftError,
    SessionExpiredError,
    VerificationRequiredError,
)
from huntaze.simulator.server import (
    SIM_AUTH_ID,
    SIM_SESS,
    SIM_USER_AGENT,
    SIM_X_BC,
    SimulatorConfig,
    run_in_thread,
)

SESSION = OnlyFansSession(sess=SIM_SESS, auth_id=SIM_AUTH_ID, x_bc=SIM_X_BC, user_agent=SIM_USER_AGENT)


@pytest.fixture
def sim():
    with run_in_thread(SimulatorConfig(size="small", seed=3)) as running:
        yield running


def client_for(sim, **options) -> OnlyFansClient:
    defaults = {
        "base_url": sim.api_url,
        "rate_limit": RateLimit.disabled(),
        "backoff_base": 0.01,
        "backoff_cap": 0.05,
        "timeout": httpx.Timeout(1.0),
    }
    return OnlyFansClient(
        SESSION, rules=RulesProvider(sim.rules_url), options=ClientOptions(**{**defaults, **options})
    )


def api_log(sim) -> list[dict]:
    return [entry for entry in sim.control.access_log() if entry["path"].startswith("/api2/v2")]


async def test_identity_and_every_list_endpoint_walk_to_the_simulators_state(sim):
    async with client_for(sim) as client:
        me = await client.authenticate()
        assert (me.id, me.username) == (SIM_AUTH_ID, "luna_creates")
        chats = [chat async for page in client.iter_chats(limit=7) for chat in page.items]
        assert [c.with_user.id for c in chats] == [c["userId"] for c in sim.control.state("chats")]
        fan_id = chats[0].with_user.id
        assert (await client.user(fan_id)).id == fan_id
        remote = [m["id"] for m in sim.control.state(f"chats/{fan_id}/messages")]
        newest_first = [m.id async for page in client.iter_messages(fan_id, limit=5) for m in page.items]
        oldest_first = [
            m.id async for page in client.iter_messages(fan_id, order="asc", limit=5) for m in page.items
        ]
        assert newest_first == remote
        assert oldest_first == remote[::-1]
        fans = {f.id async for page in client.iter_subscribers(type="all", limit=10) for f in page.items}
        assert fans == {f["id"] for f in sim.control.state("fans")}
        ledger = [t.id async for page in client.iter_transactions() for t in page.items]
        assert ledger == [t["id"] for t in sim.control.state("transactions")]
        summary = sim.control.state()
        posts = [p.id async for page in client.iter_posts(SIM_AUTH_ID, limit=7) for p in page.items]
        vault = [v.id async for page in client.iter_vault_media(limit=9) for v in page.items]
        assert (len(set(posts)), len(set(vault))) == (summary["posts"], summary["vault"])
        assert (await client.subscriber_counts()).all_subscribers == summary["fans"]


@pytest.mark.parametrize("kind", ["500", "502", "503", "drop", "malformed", "timeout"])
async def test_transient_faults_are_retried_until_the_answer_comes(sim, kind):
    sim.control.force_faults(kind, count=2, path="/api2/v2/chats", seconds=2.0 if kind == "timeout" else None)
    sim.control.clear_access_log()
    async with client_for(sim) as client:
        page = await client.chats_page(limit=5)
    assert page.list
    assert len(api_log(sim)) == 3  # two faults, then the answer


async def test_cloudflare_403_is_not_retried(sim):
    sim.control.force_faults("403", count=1, path="/api2/v2/chats")
    sim.control.clear_access_log()
    async with client_for(sim) as client:
        with pytest.raises(ForbiddenError) as excinfo:
            await client.chats_page()
    assert len(api_log(sim)) == 1
    assert excinfo.value.extra["retry_after"] >= 15


async def test_a_removed_required_field_is_reported_with_endpoint_and_field(sim):
    sim.control.force_faults("missing_field", count=1, path="/api2/v2/payouts/transactions")
    async with client_for(sim) as client:
        with pytest.raises(SchemaDriftError) as excinfo:
            await client.transactions_page()
    assert excinfo.value.extra["endpoint"] == "/payouts/transactions"
    assert excinfo.value.extra["field"].startswith("list.")
    assert excinfo.value.extra["field"].endswith(".id")


async def test_rotated_rules_are_refetched_once_and_the_call_succeeds(sim):
    async with client_for(sim) as client:
        await client.me()
        sim.control.rotate_rules()
        sim.control.clear_access_log()
        await client.me()
    log = [e for e in sim.control.access_log() if e["path"] != "/_sim/access-log"]
    assert [(e["path"], e["status"]) for e in log] == [
        ("/api2/v2/users/me", 400),
        ("/_sim/rules.json", 200),
        ("/api2/v2/users/me", 200),
    ]


async def test_429_retry_after_is_honoured_as_measured_by_the_server(sim):
    sim.control.rate_limit(2, burst=1)
    sim.control.clear_access_log()
    async with client_for(sim, max_retries=6) as client:
        for _ in range(4):
            await client.me()
    log = api_log(sim)
    limited = [i for i, entry in enumerate(log) if entry["status"] == 429]
    assert limited, "the simulator never said 429"
    for i in limited:
        # Retry-After is whole seconds (at least 1); the next request may not come sooner.
        assert log[i + 1]["time"] - log[i]["time"] >= 1.0 - 0.05


async def test_expired_session_is_one_request_and_then_no_more(sim):
    sim.control.expire_session()
    sim.control.clear_access_log()
    async with client_for(sim) as client:
        with pytest.raises(SessionExpiredError):
            await client.chats_page()
        with pytest.raises(SessionExpiredError):
            await client.me()
    assert [e["status"] for e in api_log(sim)] == [401]


async def test_pending_two_factor_check_is_not_retried(sim):
    sim.control.require_otp(True)
    sim.control.clear_access_log()
    async with client_for(sim) as client:
        with pytest.raises(VerificationRequiredError):
            await client.me()
    assert len(api_log(sim)) == 1


@dataclass
class Approved:
    recipient_onlyfans_id: int
    text: str
    price_cents: int = 0
    locked_text: bool = False
    media_ids: list[int] = field(default_factory=list)
    idempotency_key: str = "k-1"
    approved: bool = True

    def assert_sendable(self) -> None:
        if not self.approved:
            raise PermissionError("not approved by a human")


async def test_send_delivers_exactly_the_approved_text_once_and_refuses_unapproved(sim):
    fan_id = sim.control.state("chats")[0]["userId"]
    async with client_for(sim) as client:
        sent = await client.message_send(Approved(fan_id, "Thank you <3 & see you"))
        sim.control.clear_access_log()
        with pytest.raises(PermissionError):
            await client.message_send(Approved(fan_id, "sneaky", approved=False))
    received = sim.control.received()
    assert len(received) == 1
    assert sent.id
    assert api_log(sim) == []  # the unapproved one never left the machine
    assert "Thank you &lt;3 &amp; see you" in str(received[0])
    assert "sneaky" not in str(received)
