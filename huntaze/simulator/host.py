"""Building simulators; several simulated creators behind one address, as OnlyFans serves them all.

An API request goes to the creator whose ``auth_id`` cookie it carries (an unknown one reaches
creator 0, whose session check refuses it). The control plane of creator ``k`` lives under
``/_sim/creators/k/…``; plain ``/_sim/…`` is creator 0. Each creator keeps its own data, session,
rate limiter, faults and access log, so a test can check what every account did on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from huntaze.simulator.app import API, Session, Simulator, _cookies, _error, _send_json
from huntaze.simulator.data import CREATOR_ID, Dataset
from huntaze.simulator.faults import FaultPlan, TokenBucket
from huntaze.simulator.state import SimState

CREATORS_PREFIX = "/_sim/creators/"


def creator_session(session: Session, creator: int) -> Session:
    """Creator ``k``'s session: creator 0 keeps ``session``; the others get their own ids."""
    if creator == 0:
        return session
    return replace(session, sess=f"{session.sess}{creator}", auth_id=str(CREATOR_ID + creator))


class SimulatorHost:
    """The ASGI app of a multi-creator simulator; dispatches to one ``Simulator`` per creator."""

    def __init__(self, simulators: list[Simulator]) -> None:
        self.simulators = simulators
        self._by_auth_id = {sim.session.auth_id: sim for sim in simulators}

    async def __call__(self, scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        simulator = self.simulators[0]
        if scope["type"] == "http":
            path: str = scope["path"]
            if path.startswith(CREATORS_PREFIX):
                number, _, rest = path.removeprefix(CREATORS_PREFIX).partition("/")
                if not number.isdigit() or int(number) >= len(self.simulators):
                    await _send_json(send, 404, _error(404, f"no simulated creator {number!r}"))
                    return
                simulator = self.simulators[int(number)]
                inner = "/_sim/" + rest
                scope = {**scope, "path": inner, "raw_path": inner.encode()}
            elif path.startswith(API):
                headers = dict(scope["headers"])
                auth_id = _cookies(headers.get(b"cookie", b"").decode("latin-1")).get("auth_id", "")
                simulator = self._by_auth_id.get(auth_id, simulator)
        await simulator(scope, receive, send)

    def close(self) -> None:
        for simulator in self.simulators:
            simulator.close()


def simulator_build(
    *,
    size: str = "small",
    seed: int = 1,
    rules: dict[str, Any],
    session: Session | None = None,
    fault_rate: float = 0.0,
    fault_kinds: tuple[str, ...] | None = None,
    timeout_seconds: float = 30.0,
    rate_limit: tuple[float, int] | None = None,
    retry_after: bool = True,
    access_log: str | Path | None = None,
    creators: int = 1,
) -> Simulator | SimulatorHost:
    """One ready-to-serve simulator (the ASGI app itself); the dataset is built lazily.

    With ``creators`` > 1, a ``SimulatorHost`` serving that many creators: creator ``k`` has
    seed ``seed + k``, its own ids and session (``host.creator_session``) and, when logging to
    a file, its own ``access_log.k``.
    """
    plan_kwargs: dict[str, Any] = {"rate": fault_rate, "timeout_seconds": timeout_seconds}
    if fault_kinds is not None:
        plan_kwargs["kinds"] = tuple(fault_kinds)
    simulators = [
        Simulator(
            SimState(Dataset(size, seed + creator, creator=creator)),
            rules=rules,
            session=creator_session(session or Session(), creator),
            faults=FaultPlan(seed=seed + creator, **plan_kwargs),
            bucket=TokenBucket(*rate_limit) if rate_limit else None,
            retry_after=retry_after,
            access_log=f"{access_log}.{creator}" if access_log and creators > 1 else access_log,
        )
        for creator in range(creators)
    ]
    return simulators[0] if creators == 1 else SimulatorHost(simulators)
