"""Fixtures: simulators on loopback and a signing httpx client that can be told to misbehave."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from huntaze.onlyfans.signing import sign
from huntaze.simulator.server import (
    SIM_AUTH_ID,
    SIM_COOKIE,
    SIM_USER_AGENT,
    SIM_X_BC,
    RunningSimulator,
    SimulatorConfig,
    run_in_thread,
)


class Api:
    """A minimal OnlyFans caller: signs like the web app, with knobs to get it wrong."""

    def __init__(self, sim: RunningSimulator, *, timeout: float = 10.0) -> None:
        self.sim = sim
        self.http = httpx.Client(base_url=sim.api_url, timeout=timeout)
        self.rules: dict[str, Any] = httpx.get(sim.rules_url).json()

    def close(self) -> None:
        self.http.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        rules: dict[str, Any] | None = None,
        time_ms: int | None = None,
        signature: str | None = None,
    ) -> httpx.Response:
        request = self.http.build_request(method, path, params=params, json=json)
        stamp = str(time_ms if time_ms is not None else int(time.time() * 1000))
        request.headers.update(
            {
                "accept": "application/json, text/plain, */*",
                "user-id": str(SIM_AUTH_ID),
                "x-bc": SIM_X_BC,
                "user-agent": SIM_USER_AGENT,
                "cookie": SIM_COOKIE,
                "time": stamp,
                "sign": signature
                or sign(rules or self.rules, request.url.raw_path.decode("ascii"), SIM_AUTH_ID, stamp),
            }
        )
        request.headers.update(headers or {})
        return self.http.send(request)

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.request("GET", path, params=params)

    def ok(self, path: str, **params: Any) -> Any:
        response = self.get(path, **params)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def shared_sim() -> Iterator[RunningSimulator]:
    """One small simulator for read-only tests of a module."""
    with run_in_thread(SimulatorConfig(size="small", seed=1)) as sim:
        yield sim


@pytest.fixture
def sim() -> Iterator[RunningSimulator]:
    """A fresh small simulator for tests that change state."""
    with run_in_thread(SimulatorConfig(size="small", seed=1)) as running:
        yield running


@pytest.fixture
def api(sim: RunningSimulator) -> Iterator[Api]:
    client = Api(sim)
    yield client
    client.close()


@pytest.fixture(scope="module")
def shared_api(shared_sim: RunningSimulator) -> Iterator[Api]:
    client = Api(shared_sim)
    yield client
    client.close()
