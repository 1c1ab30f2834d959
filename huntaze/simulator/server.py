"""Run the simulator on loopback: in a background thread (tests) or as a child process.

    with run_in_thread(SimulatorConfig(size="small")) as sim:
        sim.api_url            # http://127.0.0.1:PORT/api2/v2
        sim.control.tick(fans=3)

Ports are picked by the OS (bind to port 0), so parallel test runs never collide. The
session constants are what the simulator accepts by default; build the client's session
from them (``SIM_COOKIE``, ``SIM_X_BC``, ``SIM_USER_AGENT``).
"""

from __future__ import annotations

import bisect
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx
import uvicorn

from huntaze.simulator.app import (
    SIM_AUTH_ID,
    SIM_COOKIE,
    SIM_SESS,
    SIM_USER_AGENT,
    SIM_X_BC,
    Session,
    Simulator,
)
from huntaze.simulator.faults import DEFAULT_SCHEDULED
from huntaze.simulator.host import SimulatorHost, creator_session, simulator_build
from huntaze.simulator.rules import rules_load

__all__ = [
    "SIM_AUTH_ID",
    "SIM_COOKIE",
    "SIM_SESS",
    "SIM_SESSION",
    "SIM_USER_AGENT",
    "SIM_X_BC",
    "RunningSimulator",
    "SimControl",
    "SimulatorConfig",
    "run_in_thread",
    "run_subprocess",
    "sim_session",
]


def sim_session(creator: int = 0) -> dict[str, str]:
    """Creator ``creator``'s session material as they would paste it (and Huntaze stores it)."""
    session = creator_session(Session(), creator)
    return {
        "sess": session.sess,
        "auth_id": session.auth_id,
        "x_bc": session.x_bc,
        "user_agent": session.user_agent,
    }


SIM_SESSION = sim_session(0)


@dataclass(frozen=True, slots=True)
class SimulatorConfig:
    """How to run one simulator. ``rate_limit`` is ``(per_second, burst)`` or None (off);
    faults are drawn per API request with probability ``fault_rate`` from ``fault_kinds``."""

    size: str = "small"
    seed: int = 1
    rate_limit: tuple[float, int] | None = None
    retry_after: bool = True
    fault_rate: float = 0.0
    fault_kinds: tuple[str, ...] = DEFAULT_SCHEDULED
    timeout_seconds: float = 30.0
    access_log: str | Path | None = None
    rules: dict[str, Any] = field(default_factory=rules_load)
    sess: str = SIM_SESS
    x_bc: str = SIM_X_BC
    user_agent: str = SIM_USER_AGENT
    host: str = "127.0.0.1"
    port: int = 0
    creators: int = 1

    def build(self) -> Simulator | SimulatorHost:
        return simulator_build(
            size=self.size,
            seed=self.seed,
            rules=self.rules,
            session=Session(sess=self.sess, x_bc=self.x_bc, user_agent=self.user_agent),
            fault_rate=self.fault_rate,
            fault_kinds=self.fault_kinds,
            timeout_seconds=self.timeout_seconds,
            rate_limit=self.rate_limit,
            retry_after=self.retry_after,
            access_log=self.access_log,
            creators=self.creators,
        )

    def cli_args(self, rules_file: Path, port: int | None = None) -> list[str]:
        args = [
            "--size", self.size, "--seed", str(self.seed), "--host", self.host,
            "--port", str(self.port if port is None else port), "--rules-file", str(rules_file),
            "--fault-rate", str(self.fault_rate), "--fault-kinds", ",".join(self.fault_kinds),
            "--timeout-seconds", str(self.timeout_seconds),
            "--sess", self.sess, "--x-bc", self.x_bc, "--user-agent", self.user_agent,
            "--creators", str(self.creators),
        ]  # fmt: skip
        if self.rate_limit:
            args += ["--rate-limit", f"{self.rate_limit[0]}:{self.rate_limit[1]}"]
        if not self.retry_after:
            args.append("--no-retry-after")
        if self.access_log:
            args += ["--access-log", str(self.access_log)]
        return args


class SimControl:
    """Typed calls to the ``/_sim`` control plane (documented in ``app.py``) of one creator."""

    def __init__(self, base_url: str, creator: int = 0) -> None:
        self._http = httpx.Client(base_url=base_url, timeout=60.0)
        self._prefix = f"/_sim/creators/{creator}" if creator else "/_sim"

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._http.request(method, self._prefix + path, **kwargs)
        response.raise_for_status()
        return response.json()

    def health(self) -> dict[str, Any]:
        return self._call("GET", "/health")

    def rules(self, layout: str = "B") -> dict[str, Any]:
        return self._call("GET", "/rules.json", params={"layout": layout})

    def rotate_rules(self, rules: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._call("POST", "/rules/rotate", json={"rules": rules} if rules else {})

    def tick(self, *, fans: int = 0, messages: int = 0, purchases: int = 0, chats: int = 0) -> dict[str, Any]:
        params = {"fans": fans, "messages": messages, "purchases": purchases, "chats": chats}
        return self._call("POST", "/tick", params=params)

    def expire_session(self, after: int = 0) -> dict[str, Any]:
        return self._call("POST", "/session/expire", json={"after": after})

    def require_otp(self, enabled: bool = True) -> dict[str, Any]:
        return self._call("POST", "/session/otp", json={"enabled": enabled})

    def reset_session(self) -> dict[str, Any]:
        return self._call("POST", "/session/reset")

    def force_faults(
        self, kind: str, count: int = 1, *, seconds: float | None = None, path: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"kind": kind, "count": count, "path": path}
        if seconds is not None:
            body["seconds"] = seconds
        return self._call("POST", "/faults", json=body)

    def clear_faults(self) -> dict[str, Any]:
        return self._call("DELETE", "/faults")

    def rate_limit(self, rate: float | None, burst: int = 1, *, retry_after: bool = True) -> dict[str, Any]:
        return self._call(
            "POST", "/rate-limit", json={"rate": rate, "burst": burst, "retryAfter": retry_after}
        )

    def fan_writes(self, user_id: int, text: str) -> dict[str, Any]:
        """A fan sends ``text`` in their chat (e.g. hostile markup for escaping tests)."""
        return self._call("POST", "/messages/incoming", json={"userId": user_id, "text": text})

    def edit_message(self, user_id: int, message_id: int, text: str) -> dict[str, Any]:
        return self._call(
            "POST", "/messages/edit", json={"userId": user_id, "messageId": message_id, "text": text}
        )

    def delete_message(self, user_id: int, message_id: int) -> dict[str, Any]:
        return self._call("POST", "/messages/delete", json={"userId": user_id, "messageId": message_id})

    def set_spend(self, user_id: int, **summ: float) -> dict[str, Any]:
        """``set_spend(fan_id, tipsSumm=12.5)``: forces the fan's reported totals."""
        return self._call("POST", "/fans/spend", json={"userId": user_id, **summ})

    def chargeback(self, transaction_id: str) -> dict[str, Any]:
        return self._call("POST", "/transactions/chargeback", json={"id": transaction_id})

    def received(self) -> list[dict[str, Any]]:
        return self._call("GET", "/received")["received"]

    def access_log(self, since: int = 0) -> list[dict[str, Any]]:
        return self._call("GET", "/access-log", params={"since": since})["entries"]

    def max_requests_in_window(self, seconds: float, *, path_prefix: str = "/api2/v2") -> int:
        """The most requests under ``path_prefix`` that arrived within any ``seconds`` window:
        what a politeness limit (``burst + rate * seconds``) is checked against."""
        arrivals = sorted(
            entry["time"] - entry["latency"]
            for entry in self.access_log()
            if entry["path"].startswith(path_prefix)
        )
        return max(
            (bisect.bisect_right(arrivals, t + seconds - 1e-9) - i for i, t in enumerate(arrivals)), default=0
        )

    def clear_access_log(self) -> None:
        self._call("DELETE", "/access-log")

    def state(self, what: str | None = None) -> Any:
        """Dumps: None (summary), ``fans``, ``chats``, ``transactions`` or ``chats/<id>/messages``."""
        return self._call("GET", "/state" + (f"/{what}" if what else ""))


class RunningSimulator:
    """A started simulator: URLs for the client, ``control`` for the test. Stops on exit."""

    def __init__(self, base_url: str, config: SimulatorConfig, stop: Any) -> None:
        self.base_url = base_url
        self.api_url = base_url + "/api2/v2"
        self.rules_url = base_url + "/_sim/rules.json"
        self.config = config
        self.control = SimControl(base_url)
        self._controls = [self.control]
        self._stop = stop

    def control_for(self, creator: int) -> SimControl:
        """The control plane of creator ``creator`` of a multi-creator simulator."""
        control = SimControl(self.base_url, creator)
        self._controls.append(control)
        return control

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stop(self) -> None:
        for control in self._controls:
            control.close()
        self._stop()


def _free_socket(host: str, port: int) -> socket.socket:
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets whose proto says TCP,
    # and without it every answer waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


def run_in_thread(config: SimulatorConfig | None = None) -> RunningSimulator:
    """Serve in a daemon thread of this process (fast start; shares the GIL with the test)."""
    config = config or SimulatorConfig()
    simulator = config.build()
    sock = _free_socket(config.host, config.port)
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            simulator,
            log_level="warning",
            access_log=False,
            lifespan="off",
            date_header=False,
            timeout_graceful_shutdown=1,
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="huntaze-sim", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the simulator did not start")
        time.sleep(0.01)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        simulator.close()

    return RunningSimulator(f"http://{config.host}:{port}", config, stop)


def run_subprocess(
    config: SimulatorConfig | None = None, *, startup_timeout: float = 30.0
) -> RunningSimulator:
    """Serve from a child ``huntaze-sim`` process (its own GIL: use it for benchmarks)."""
    config = config or SimulatorConfig()
    workdir = Path(tempfile.mkdtemp(prefix="huntaze-sim-"))
    rules_file = workdir / "rules.json"
    rules_file.write_text(json.dumps(config.rules), encoding="utf-8")
    script = Path(sys.executable).with_name("huntaze-sim")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "huntaze.simulator.cli"]
    process = subprocess.Popen(
        [*command, *config.cli_args(rules_file)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # "huntaze-sim listening on http://127.0.0.1:PORT ..."
    if not line.startswith("huntaze-sim listening on "):
        process.kill()
        raise RuntimeError(f"huntaze-sim did not start: {line!r}")
    base_url = line.split()[3]
    deadline = time.monotonic() + startup_timeout
    while True:
        try:
            if httpx.get(base_url + "/_sim/health", timeout=1.0).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("huntaze-sim did not answer")
        time.sleep(0.05)

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
        rules_file.unlink(missing_ok=True)
        workdir.rmdir()

    return RunningSimulator(base_url, config, stop)
