"""The simulator's ASGI app: the OnlyFans API under ``/api2/v2`` plus a control plane.

Every ``/api2/v2`` request passes, in order: fault injection, the rate limiter, signature
check (``sign``/``time`` headers, rules from ``/_sim/rules.json``), session check (cookie
``sess`` + ``auth_id``, ``x-bc``, ``user-agent``), then the handler. Answers follow
``/work/shared/onlyfans-api.md``; errors are ``{"error": {"code", "message"}}``.

Control endpoints (no signing; JSON bodies; all answer JSON):

* ``GET  /_sim/health`` -> ``{"ok", "size", "seed"}``
* ``GET  /_sim/rules.json[?layout=A]`` -> current rules (layout B, or A "format" style)
* ``POST /_sim/rules/rotate`` ``{"rules"?: {...}}`` -> new rules (derived from the seed if
  none given); requests signed with the old rules now get "Please refresh the page"
* ``POST /_sim/session/expire`` ``{"after"?: N}`` -> session dies now or after N more requests
* ``POST /_sim/session/otp`` ``{"enabled": bool}`` -> 400 code 101 with ``payload.otpState``
* ``POST /_sim/session/reset`` -> session valid again, no 2FA
* ``POST /_sim/faults`` ``{"kind", "count"?: 1, "seconds"?: float, "path"?: "/api2/v2/chats"}``
  -> force a fault (kinds in ``faults.py``); ``GET`` lists pending ones, ``DELETE`` clears them
* ``POST /_sim/rate-limit`` ``{"rate": per_second | null, "burst"?: n, "retryAfter"?: bool}``
* ``POST /_sim/tick?fans=N&messages=M&purchases=K[&chats=C]`` -> ids of what was added (the
  messages spread over C distinct chats when given)
* ``POST /_sim/messages/incoming`` ``{"userId", "text"}`` -> the fan writes exactly this text
* ``POST /_sim/messages/edit`` ``{"userId", "messageId", "text"}`` (``changedAt`` moves)
* ``POST /_sim/messages/delete`` ``{"userId", "messageId"}``
* ``POST /_sim/fans/spend`` ``{"userId", "tipsSumm"?: dollars, ...}`` -> forced ``*Summ``
* ``POST /_sim/transactions/chargeback`` ``{"id"}`` -> the sale turns ``undo``
* ``GET  /_sim/received`` -> sends received (``POST`` chat messages and ``/messages/queue``);
  ``DELETE`` clears
* ``GET  /_sim/access-log[?since=N]`` -> ``{"entries": [{time, method, path, query, status,
  latency}], "next": n}``; ``DELETE`` clears
* ``GET  /_sim/state``, ``/_sim/state/fans``, ``/_sim/state/chats``,
  ``/_sim/state/chats/{userId}/messages``, ``/_sim/state/transactions`` -> full dumps (slow on
  ``large``; meant for tests on ``small``)
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from huntaze.onlyfans.signing import rules_parse, sign
from huntaze.simulator.data import CREATOR_ID, Dataset
from huntaze.simulator.faults import (
    CLOUDFLARE_PAGE,
    SERVER_ERRORS,
    Fault,
    FaultPlan,
    TokenBucket,
    body_truncate,
    payload_corrupt,
)
from huntaze.simulator.rules import rules_layout_a, rules_layout_b, rules_rotate
from huntaze.simulator.state import SimError, SimState

API = "/api2/v2"
MAX_SKEW_MS = 5 * 60 * 1000

SIM_SESS = "sim0sess4f9c2b7e1d8a6035c4e2f1b9a7d3c8e5"
SIM_AUTH_ID = CREATOR_ID
SIM_X_BC = "sim1xbc8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7"
SIM_USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SIM_COOKIE = f"sess={SIM_SESS}; auth_id={SIM_AUTH_ID}"

STALE = (400, 401, "Please refresh the page")
DENIED = (401, 401, "Access denied.")
OTP_STATE = {"email": False, "phoneOtp": True, "appOtp": True, "faceOtp": False, "forceFaceOtp": False}


@dataclass(slots=True)
class Session:
    """The one browser session the simulated account accepts."""

    sess: str = SIM_SESS
    auth_id: str = str(SIM_AUTH_ID)
    x_bc: str = SIM_X_BC
    user_agent: str = SIM_USER_AGENT
    expired: bool = False
    expire_after: int | None = None
    otp: bool = False


class Simulator:
    """Everything one simulator server holds: account state, rules, session, faults, logs."""

    def __init__(
        self,
        state: SimState,
        *,
        rules: dict[str, Any],
        session: Session,
        faults: FaultPlan,
        bucket: TokenBucket | None = None,
        retry_after: bool = True,
        access_log: str | Path | None = None,
    ) -> None:
        self.state = state
        self.rules = rules
        self.rotations = 0
        self.session = session
        self.faults = faults
        self.bucket = bucket
        self.retry_after = retry_after
        self.access_log: deque[dict[str, Any]] = deque(maxlen=50_000)
        self.access_logged = 0
        self._log_file = Path(access_log).open("a", encoding="utf-8") if access_log else None  # noqa: SIM115
        self.received: list[dict[str, Any]] = []
        self.last_rows: dict[str, Any] = {}
        self.router = _router(self)

    @property
    def rules(self) -> dict[str, Any]:
        return self._rules

    @rules.setter
    def rules(self, rules: dict[str, Any]) -> None:
        self._rules = rules_layout_b(rules)
        self._signing = rules_parse(self._rules)

    @property
    def data(self) -> Dataset:
        return self.state.data

    def close(self) -> None:
        if self._log_file is not None:
            self._log_file.close()

    def log(self, method: str, path: str, query: str, status: int, started: float) -> None:
        entry = {
            "time": time.time(),
            "method": method,
            "path": path,
            "query": query,
            "status": status,
            "latency": round(time.perf_counter() - started, 6),
        }
        self.access_log.append(entry)
        self.access_logged += 1
        if self._log_file is not None:
            self._log_file.write(json.dumps(entry) + "\n")
            self._log_file.flush()

    # --- the gate in front of /api2/v2 ---

    async def __call__(self, scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.router(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_logged(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                # The simulated clock, not the machine's (uvicorn's own Date header is off).
                date = email.utils.formatdate(self.state.now(), usegmt=True).encode()
                message = {**message, "headers": [*message.get("headers", []), (b"date", date)]}
            await send(message)

        path, query = scope["path"], scope["query_string"].decode("latin-1")
        try:
            if path.startswith(API + "/"):
                receive = await self._gate(scope, receive, send_logged, send)
                if receive is None:
                    return
            await self.router(scope, receive, send_logged)
        finally:
            self.log(scope["method"], path, query, status, started)

    async def _gate(
        self, scope: dict[str, Any], receive: Callable, send: Callable, raw_send: Callable
    ) -> Callable | None:
        """Answer the request here (fault, 429, bad sign, bad session) and return None, or
        return the ``receive`` the handler should use."""
        fault = self.faults.next(scope["path"])
        scope.setdefault("state", {})["fault"] = fault
        if fault is not None:
            if fault.kind == "timeout":
                receive = await _hold(receive, fault.seconds)
                if receive is None:
                    return None
            elif fault.kind == "drop":
                await _drop(raw_send)
                return None
            elif fault.kind == "403":
                await _send(send, 403, CLOUDFLARE_PAGE.encode(), "text/html; charset=UTF-8")
                return None
            elif fault.kind in SERVER_ERRORS:
                await _send_json(send, int(fault.kind), SERVER_ERRORS[fault.kind])
                return None
        if self.bucket is not None:
            wait = self.bucket.take()
            if wait:
                headers = (
                    [(b"retry-after", TokenBucket.retry_after(wait).encode())] if self.retry_after else []
                )
                await _send_json(send, 429, _error(429, "Too Many Requests"), headers)
                return None
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        problem = self._signature_problem(scope, headers) or self._session_problem(scope["path"], headers)
        if problem is not None:
            status, body = problem
            await _send_json(send, status, body)
            return None
        return receive

    def _signature_problem(self, scope: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any] | None:
        stale = (STALE[0], _error(STALE[1], STALE[2]))
        signature, stamp = headers.get("sign"), headers.get("time", "")
        if not signature or not stamp.isdigit() or abs(time.time() * 1000 - int(stamp)) > MAX_SKEW_MS:
            return stale
        raw = scope.get("raw_path") or scope["path"].encode()
        signed = raw.decode("latin-1")
        if scope["query_string"]:
            signed += "?" + scope["query_string"].decode("latin-1")
        if sign(self._signing, signed, headers.get("user-id", "0"), stamp) != signature:
            return stale
        return None

    def _session_problem(self, path: str, headers: dict[str, str]) -> tuple[int, Any] | None:
        if path == API + "/init":
            return None
        cookies = _cookies(headers.get("cookie", ""))
        if not cookies.get("sess") and path == API + "/users/me":
            return 200, {"isAuth": False}
        s = self.session
        if (
            s.expired
            or cookies.get("sess") != s.sess
            or cookies.get("auth_id") != s.auth_id
            or headers.get("x-bc") != s.x_bc
            or headers.get("user-agent") != s.user_agent
        ):
            return DENIED[0], _error(DENIED[1], DENIED[2])
        if s.otp:
            body = _error(101, "Please confirm it's you: two-factor authentication is required")
            body["error"]["payload"] = {"otpState": OTP_STATE}
            return 400, body
        if s.expire_after is not None:
            if s.expire_after <= 0:
                s.expired, s.expire_after = True, None
                return DENIED[0], _error(DENIED[1], DENIED[2])
            s.expire_after -= 1
        return None

    # --- answering ---

    def answer(self, request: Request, payload: Any) -> Response:
        """JSON 200, corrupted when this request drew a body-level fault."""
        fault: Fault | None = request.scope.get("state", {}).get("fault")
        rows = payload.get("list") if isinstance(payload, dict) else None
        key = request.url.path
        previous = self.last_rows.get(key)
        if isinstance(rows, list) and rows:
            self.last_rows[key] = rows[-1]
        if fault is not None and fault.kind in ("duplicate", "missing_field"):
            payload = payload_corrupt(payload, fault.kind, previous)
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        if fault is not None and fault.kind == "malformed":
            body = body_truncate(body)
        return Response(body, media_type="application/json")


def _error(code: int, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _cookies(header: str) -> dict[str, str]:
    pairs = (part.strip().partition("=") for part in header.split(";") if "=" in part)
    return {name.strip(): value.strip() for name, _, value in pairs}


async def _send(
    send: Callable, status: int, body: bytes, content_type: str, extra: list | None = None
) -> None:
    headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})


async def _send_json(send: Callable, status: int, payload: Any, extra: list | None = None) -> None:
    await _send(send, status, json.dumps(payload).encode(), "application/json", extra)


async def _hold(receive: Callable, seconds: float) -> Callable | None:
    """Hold the request ``seconds``. Returns None if the client hung up meanwhile (then stay
    silent), else a ``receive`` that replays the body read while listening for the hang-up."""
    buffered: list[dict[str, Any]] = []

    async def disconnected() -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            buffered.append(message)

    try:
        await asyncio.wait_for(disconnected(), timeout=seconds)
    except TimeoutError:

        async def replay() -> dict[str, Any]:
            return buffered.pop(0) if buffered else await receive()

        return replay
    return None


async def _drop(send: Callable) -> None:
    """Close the connection without answering. uvicorn hides the socket from ASGI apps, but
    its ``send`` is a bound method of the request cycle that holds the transport; failing
    that, start an answer promising a body that never comes."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is not None:
        transport.abort()
        await asyncio.sleep(0)
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"4096")]})
    await send({"type": "http.response.body", "body": b'{"list":[', "more_body": True})


# --- request parsing ---


def _int(
    request: Request, name: str, default: int | None, lo: int | None = None, hi: int | None = None
) -> Any:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise SimError(400, 0, f"Invalid {name}") from exc
    if lo is not None:
        value = max(lo, value)
    return min(hi, value) if hi is not None else value


def _float(request: Request, name: str) -> float | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError as exc:
        raise SimError(400, 0, f"Invalid {name}") from exc


def _date(request: Request, name: str) -> int | None:
    """``YYYY-MM-DD HH:MM:SS`` (the API's format; UTC) or ISO 8601 -> unix seconds."""
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError as exc:
        raise SimError(400, 0, f"Invalid {name}") from exc
    return int((parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp())


async def _json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise SimError(400, 0, "Invalid JSON body") from exc
    if not isinstance(body, dict):
        raise SimError(400, 0, "Invalid JSON body")
    return body


def _skip_users(request: Request) -> bool:
    return request.query_params.get("skip_users") == "all"


# --- routes ---

Handler = Callable[[Request], Awaitable[Response]]


def _router(sim: Simulator) -> Starlette:
    state = sim.state

    def api(handler: Callable[[Request], Awaitable[Any]]) -> Handler:
        async def endpoint(request: Request) -> Response:
            try:
                return sim.answer(request, await handler(request))
            except SimError as exc:
                return JSONResponse(_error(exc.code, exc.message), status_code=exc.status)

        return endpoint

    def control(handler: Callable[[Request], Awaitable[Any]]) -> Handler:
        async def endpoint(request: Request) -> Response:
            try:
                return JSONResponse(await handler(request))
            except SimError as exc:
                return JSONResponse(_error(exc.code, exc.message), status_code=exc.status)
            except (ValueError, TypeError, KeyError) as exc:
                return JSONResponse(_error(400, f"bad control request: {exc}"), status_code=400)

        return endpoint

    # API

    async def init(request: Request) -> Any:
        return {
            "csrf": "sim-csrf",
            "isAuth": True,
            "country": "US",
            "ip": "127.0.0.1",
            "revision": sim.rules["revision"],
        }

    async def users_me(request: Request) -> Any:
        return state.me()

    async def user_one(request: Request) -> Any:
        key = request.path_params["user"]
        if key in (str(state.data.creator_id), state.data.creator_username):
            return state.me()
        if key.isdigit():
            return state.fan_object(state.fan_or_404(int(key)))
        if key.startswith("u") and key[1:].isdigit():
            return state.fan_object(state.fan_or_404(int(key[1:])))
        for i in range(state.data.fan_count):
            if state.data.fan_profile(i)["username"] == key:
                return state.fan_object(i)
        raise SimError(404, 0, "User not found")

    async def chats(request: Request) -> Any:
        flt = request.query_params.get("filter") or None
        if flt not in (None, "unread", "with_tips", "unread_with_tips", "pinned", "priority"):
            raise SimError(400, 0, "Invalid filter")
        order = request.query_params.get("order", "recent")
        if order not in ("recent", "old"):
            raise SimError(400, 0, "Invalid order")
        if flt in ("pinned", "priority"):
            return {"list": [], "hasMore": False, "nextOffset": 0}
        return state.chats_page(
            offset=_int(request, "offset", 0, 0),
            limit=_int(request, "limit", 10, 1, 100),
            order=order,
            unread_only=flt in ("unread", "unread_with_tips"),
            tips_only=flt in ("with_tips", "unread_with_tips"),
            skip_users=_skip_users(request),
        )

    async def messages(request: Request) -> Any:
        j = state.chat_or_404(request.path_params["user_id"])
        order = request.query_params.get("order", "desc")
        if order not in ("desc", "asc"):
            raise SimError(400, 0, "Invalid order")
        return state.messages_page(
            j,
            limit=_int(request, "limit", 10, 1, 100),
            order=order,
            before_id=_int(request, "id", None),
            offset=_int(request, "offset", 0, 0),
            skip_users=_skip_users(request),
        )

    async def message_send(request: Request) -> Any:
        body = await _json_body(request)
        fan_id = request.path_params["user_id"]
        created = state.message_send(fan_id, body)
        sim.received.append(_received(request, "message", body, created["id"], user_id=fan_id))
        return created

    async def queue_send(request: Request) -> Any:
        body = await _json_body(request)
        entry = state.queue_send(body)
        sim.received.append(_received(request, "queue", body, entry["id"]))
        return entry

    async def subscribers(request: Request) -> Any:
        return state.subscribers_page(
            kind=request.query_params.get("type", "active"),
            offset=_int(request, "offset", 0, 0),
            limit=_int(request, "limit", 10, 1, 100),
        )

    async def subscribers_latest(request: Request) -> Any:
        return state.subscribers_page(
            kind="latest", offset=_int(request, "offset", 0, 0), limit=_int(request, "limit", 10, 1, 100)
        )

    async def counts(request: Request) -> Any:
        return state.counts()

    async def posts(request: Request) -> Any:
        if request.path_params["user"] not in (str(state.data.creator_id), state.data.creator_username):
            return {"list": [], "hasMore": False, "headMarker": None, "tailMarker": None}
        return state.posts_page(
            limit=_int(request, "limit", 10, 1, 100),
            before=_float(request, "beforePublishTime"),
            after=_float(request, "afterPublishTime"),
            skip_users=_skip_users(request),
        )

    async def vault(request: Request) -> Any:
        if request.query_params.get("list", "all") != "all":
            return {"list": [], "hasMore": False}
        return state.vault_page(
            offset=_int(request, "offset", 0, 0),
            limit=_int(request, "limit", 24, 1, 100),
            descending=request.query_params.get("sort", "desc") != "asc",
            media_type=request.query_params.get("type") or None,
        )

    async def transactions(request: Request) -> Any:
        return state.transactions_page(
            marker=_int(request, "marker", None),
            limit=_int(request, "limit", 100, 1, 100),
            start_ts=_date(request, "startDate"),
            kind=request.query_params.get("type") or None,
        )

    async def earnings(request: Request) -> Any:
        end = _date(request, "endDate") or state.now()
        start = _date(request, "startDate") or end - 30 * 86_400
        if end < start or end - start > 3 * 366 * 86_400:
            raise SimError(400, 0, "Invalid date range")
        return state.earnings_chart(start_ts=start, end_ts=end)

    async def api_not_found(request: Request) -> Any:
        raise SimError(404, 0, "Not found")

    # control plane

    async def health(request: Request) -> Any:
        return {"ok": True, "size": state.data.size, "seed": state.data.seed}

    async def rules_json(request: Request) -> Any:
        layout = request.query_params.get("layout", "B").upper()
        return rules_layout_a(sim.rules) if layout == "A" else sim.rules

    async def rules_rotate_(request: Request) -> Any:
        body = await _json_body(request)
        sim.rotations += 1
        given = body.get("rules")
        sim.rules = (
            rules_layout_b(given) if given else rules_rotate(seed=state.data.seed, generation=sim.rotations)
        )
        return sim.rules

    async def session_expire(request: Request) -> Any:
        after = (await _json_body(request)).get("after")
        if after:
            sim.session.expire_after = int(after)
        else:
            sim.session.expired = True
        return {"expired": sim.session.expired, "after": sim.session.expire_after}

    async def session_otp(request: Request) -> Any:
        sim.session.otp = bool((await _json_body(request)).get("enabled", True))
        return {"otp": sim.session.otp}

    async def session_reset(request: Request) -> Any:
        s = sim.session
        s.expired, s.expire_after, s.otp = False, None, False
        return {"expired": False}

    async def faults(request: Request) -> Any:
        if request.method == "POST":
            body = await _json_body(request)
            sim.faults.force(
                str(body["kind"]),
                count=int(body.get("count", 1)),
                seconds=body.get("seconds"),
                path=body.get("path"),
            )
        elif request.method == "DELETE":
            sim.faults.clear()
        return {"pending": sim.faults.pending()}

    async def rate_limit(request: Request) -> Any:
        body = await _json_body(request)
        rate = body.get("rate")
        sim.bucket = TokenBucket(float(rate), int(body.get("burst", 1))) if rate else None
        sim.retry_after = bool(body.get("retryAfter", sim.retry_after))
        return {"rate": rate, "burst": body.get("burst", 1) if rate else None, "retryAfter": sim.retry_after}

    async def tick(request: Request) -> Any:
        body = await _json_body(request)
        counts = {
            name: _int(request, name, int(body.get(name, 0)), 0, 10_000)
            for name in ("fans", "messages", "purchases", "chats")
        }
        return state.tick(**counts)

    async def fan_message(request: Request) -> Any:
        body = await _json_body(request)
        return state.fan_writes(int(body["userId"]), str(body["text"]))

    async def message_edit(request: Request) -> Any:
        body = await _json_body(request)
        return state.message_edit(int(body["userId"]), int(body["messageId"]), str(body["text"]))

    async def message_delete(request: Request) -> Any:
        body = await _json_body(request)
        state.message_delete(int(body["userId"]), int(body["messageId"]))
        return {"deleted": int(body["messageId"])}

    async def fan_spend(request: Request) -> Any:
        body = await _json_body(request)
        fan_id = int(body.pop("userId"))
        return state.fan_spend_set(fan_id, body)

    async def chargeback(request: Request) -> Any:
        return state.sale_chargeback(str((await _json_body(request))["id"]))

    async def received(request: Request) -> Any:
        if request.method == "DELETE":
            sim.received.clear()
        return {"received": sim.received}

    async def access_log(request: Request) -> Any:
        if request.method == "DELETE":
            sim.access_log.clear()
        since = _int(request, "since", 0, 0)
        skipped = sim.access_logged - len(sim.access_log)
        entries = list(sim.access_log)[max(0, since - skipped) :]
        return {"entries": entries, "next": sim.access_logged}

    async def dump(request: Request) -> Any:
        what = request.path_params.get("what")
        if what is None:
            return state.dump_summary()
        dumps = {"fans": state.dump_fans, "chats": state.dump_chats, "transactions": state.dump_transactions}
        if what not in dumps:
            raise SimError(404, 0, "Unknown dump")
        return dumps[what]()

    async def dump_messages(request: Request) -> Any:
        return state.dump_messages(request.path_params["user_id"])

    routes = [
        Route(f"{API}/init", api(init)),
        Route(f"{API}/users/me", api(users_me)),
        Route(f"{API}/users/{{user}}/posts", api(posts)),
        Route(f"{API}/users/{{user}}", api(user_one)),
        Route(f"{API}/chats", api(chats)),
        Route(f"{API}/chats/{{user_id:int}}/messages", api(messages)),
        Route(f"{API}/chats/{{user_id:int}}/messages", api(message_send), methods=["POST"]),
        Route(f"{API}/subscriptions/subscribers", api(subscribers)),
        Route(f"{API}/subscriptions/subscribers/latest", api(subscribers_latest)),
        Route(f"{API}/subscriptions/count/all", api(counts)),
        Route(f"{API}/vault/media", api(vault)),
        Route(f"{API}/payouts/transactions", api(transactions)),
        Route(f"{API}/earnings/chart", api(earnings)),
        Route(f"{API}/messages/queue", api(queue_send), methods=["POST"]),
        Route(f"{API}/{{rest:path}}", api(api_not_found), methods=["GET", "POST", "PUT", "DELETE"]),
        Route("/_sim/health", control(health)),
        Route("/_sim/rules.json", control(rules_json)),
        Route("/_sim/rules/rotate", control(rules_rotate_), methods=["POST"]),
        Route("/_sim/session/expire", control(session_expire), methods=["POST"]),
        Route("/_sim/session/otp", control(session_otp), methods=["POST"]),
        Route("/_sim/session/reset", control(session_reset), methods=["POST"]),
        Route("/_sim/faults", control(faults), methods=["GET", "POST", "DELETE"]),
        Route("/_sim/rate-limit", control(rate_limit), methods=["POST"]),
        Route("/_sim/tick", control(tick), methods=["POST"]),
        Route("/_sim/messages/incoming", control(fan_message), methods=["POST"]),
        Route("/_sim/messages/edit", control(message_edit), methods=["POST"]),
        Route("/_sim/messages/delete", control(message_delete), methods=["POST"]),
        Route("/_sim/fans/spend", control(fan_spend), methods=["POST"]),
        Route("/_sim/transactions/chargeback", control(chargeback), methods=["POST"]),
        Route("/_sim/received", control(received), methods=["GET", "DELETE"]),
        Route("/_sim/access-log", control(access_log), methods=["GET", "DELETE"]),
        Route("/_sim/state", control(dump)),
        Route("/_sim/state/chats/{user_id:int}/messages", control(dump_messages)),
        Route("/_sim/state/{what}", control(dump)),
    ]
    return Starlette(routes=routes)


def _received(
    request: Request, kind: str, body: dict[str, Any], created: int, user_id: int | None = None
) -> dict[str, Any]:
    return {
        "kind": kind,
        "time": time.time(),
        "path": request.url.path,
        "userId": user_id,
        "body": body,
        "idempotencyKey": request.headers.get("x-idempotency-key"),
        "createdId": created,
    }
