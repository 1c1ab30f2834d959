"""Every fault kind is observable from a client, and the seeded schedule repeats."""

from __future__ import annotations

import json

import httpx
import pytest

from huntaze.simulator.server import RunningSimulator, SimulatorConfig, run_in_thread
from huntaze.simulator.tests.conftest import Api


@pytest.mark.parametrize("status", [500, 502, 503])
def test_forced_server_errors_answer_json_error_then_recover(api: Api, status: int) -> None:
    api.sim.control.force_faults(str(status), count=2)
    assert [api.get("/users/me").status_code for _ in range(3)] == [status, status, 200]


def test_forced_403_is_a_cloudflare_html_page(api: Api) -> None:
    api.sim.control.force_faults("403")
    response = api.get("/chats")
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "Cloudflare" in response.text


def test_timeout_holds_the_answer_longer_than_the_client_waits(sim: RunningSimulator) -> None:
    api = Api(sim, timeout=0.3)
    sim.control.force_faults("timeout", seconds=2)
    with pytest.raises(httpx.ReadTimeout):
        api.get("/users/me")
    assert api.get("/users/me").status_code == 200
    api.close()


def test_drop_closes_the_connection_without_an_answer(api: Api) -> None:
    api.sim.control.force_faults("drop")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        api.get("/users/me")
    assert api.get("/users/me").status_code == 200
    dropped = [e for e in api.sim.control.access_log() if e["status"] == 0]
    assert len(dropped) == 1


def test_malformed_json_is_a_200_that_does_not_parse(api: Api) -> None:
    api.sim.control.force_faults("malformed")
    response = api.get("/chats", limit=5)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_missing_field_drops_id_from_one_row(api: Api) -> None:
    api.sim.control.force_faults("missing_field", path="/api2/v2/subscriptions")
    rows = api.ok("/subscriptions/subscribers", type="all", limit=10)["list"]
    assert sum("id" not in row for row in rows) == 1


def test_duplicate_re_emits_the_previous_pages_last_row(api: Api) -> None:
    first = api.ok("/subscriptions/subscribers", type="all", limit=5, offset=0)["list"]
    api.sim.control.force_faults("duplicate")
    second = api.ok("/subscriptions/subscribers", type="all", limit=5, offset=5)["list"]
    assert second[0] == first[-1]
    assert len(second) == 6


def test_forced_faults_can_target_one_path(api: Api) -> None:
    api.sim.control.force_faults("500", path="/api2/v2/payouts")
    assert api.get("/users/me").status_code == 200
    assert api.get("/payouts/transactions").status_code == 500


def _statuses(seed: int) -> list[int]:
    config = SimulatorConfig(seed=seed, fault_rate=0.3, fault_kinds=("500", "502", "503"))
    with run_in_thread(config) as sim:
        api = Api(sim)
        statuses = [api.get("/users/me").status_code for _ in range(30)]
        api.close()
    return statuses


def test_scheduled_faults_repeat_for_the_same_seed() -> None:
    first = _statuses(7)
    assert first == _statuses(7)
    assert set(first) > {200}
    assert first != _statuses(8)
