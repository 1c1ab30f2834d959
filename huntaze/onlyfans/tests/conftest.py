"""Shared helpers: a fake session, static rules, a scripted MockTransport and a fake sleep."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import httpx
import pytest

from huntaze.onlyfans import (
    ClientOptions,
    DriftReporter,
    NoRateLimiter,
    OnlyFansClient,
    OnlyFansSession,
    RulesProvider,
)

FIXTURES = Path(__file__).parent / "fixtures"
ME_ID = 412345678
SESS = "SESS-SECRET-7f3a9c0e55d1"
X_BC = "XBC-SECRET-b1946ac92492d2347c6235b4d2611184"
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
)
FIXED_TIME_MS = 1748000001000


def load(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def make_session() -> OnlyFansSession:
    return OnlyFansSession(
        sess=SESS, auth_id=ME_ID, x_bc=X_BC, user_agent=USER_AGENT, extra_cookies={"fp": "fp-0042"}
    )


class FakeSleep:
    """Records requested sleeps instead of sleeping."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


class Script:
    """A MockTransport handler answering from a list (a response, an exception, or a callable)."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if callable(answer) and not isinstance(answer, httpx.Response):
            answer = answer(request)
        if isinstance(answer, Exception):
            raise answer
        return answer

    @property
    def paths(self) -> list[str]:
        return [r.url.raw_path.decode() for r in self.requests]


def ok(body: Any, status: int = 200, **kwargs: Any) -> httpx.Response:
    return httpx.Response(status, json=body, **kwargs)


def api_error(status: int, code: int | None, message: str, **kwargs: Any) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": message}}, **kwargs)


@pytest.fixture
def sleep() -> FakeSleep:
    return FakeSleep()


@pytest.fixture
def drift() -> DriftReporter:
    return DriftReporter()


@pytest.fixture
async def make_client(sleep, drift):
    clients: list[OnlyFansClient] = []

    def build(
        script: Script,
        *,
        rules: RulesProvider | None = None,
        clock=None,
        **options: Any,
    ) -> OnlyFansClient:
        extra = {"clock": clock} if clock else {}
        client = OnlyFansClient(
            make_session(),
            rules=rules or RulesProvider(static=load("rules_deviint")),
            options=ClientOptions(**options),
            transport=httpx.MockTransport(script),
            rate_limiter=NoRateLimiter(),
            drift=drift,
            sleep=sleep,
            rng=random.Random(7),
            time_ms=lambda: FIXED_TIME_MS,
            **extra,
        )
        clients.append(client)
        return client

    yield build
    for client in clients:
        await client.aclose()
