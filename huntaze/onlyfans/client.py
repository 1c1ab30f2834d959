"""The OnlyFans API client: one careful browser per creator account.

One ``httpx.AsyncClient`` per account (keep-alive, ``Limits``, an explicit ``Timeout`` on
every call), signed by ``OnlyFansAuth``, paced by the account's rate limiter and guarded by
a circuit breaker. Every call goes through ``_request``, which maps responses to typed
errors in ``error_from_response`` (spec §4) and applies one retry policy:

===========================  ===============================================================
outcome                      reaction
===========================  ===============================================================
400 "Please refresh the      refetch the signing rules, re-sign, retry **once** (does not
page" (code 401)             count as a retry); a second rejection raises ``StaleRulesError``
400 code 101 / 105           ``VerificationRequiredError`` — a human must finish 2FA; no retry
other 4xx                    ``BadRequestError`` / ``NotFoundOnRemoteError``; no retry
401, or code 301             ``SessionExpiredError``; no retry (retrying can kill the browser
                             session too)
403 (Cloudflare)             ``ForbiddenError`` at once, no fast retry; ``extra["retry_after"]``
                             suggests 15 s * 1.5 per consecutive 403, at most 180 s
429                          wait ``Retry-After`` (seconds or HTTP date) or, without it,
                             2.5 s * 2**n (≤ 180 s), then retry; a wait above
                             ``max_retry_after`` raises ``RateLimitedError`` instead
5xx, network fault,          retry after a full-jitter exponential backoff:
timeout, cut connection,     ``uniform(0, min(backoff_cap, backoff_base * 2**n))``
invalid JSON in a 2xx        (invalid JSON is a truncated or proxied answer, not a schema
                             change: it is retried and finally raised as ``TransportError``)
===========================  ===============================================================

At most ``max_retries`` retries per call (``max_rate_limited_retries`` for 429s, whose waits
OnlyFans itself sets). Failed attempts (network, 5xx, 403; not 429s) feed the
circuit breaker, which then refuses calls with ``CircuitOpenError`` for a cool-down.

Sends are not idempotent: ``message_send`` and ``mass_message_send`` are retried only when
the request provably did not reach OnlyFans (connect errors, 429, stale signature). A
timeout or cut connection after sending, a 5xx or an unreadable answer raise with
``extra["ambiguous"] = True``: the caller must reconcile with the chat, never resend blind.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

import httpx

from huntaze.core.exceptions import ValidationError
from huntaze.onlyfans import metrics
from huntaze.onlyfans.breaker import CircuitBreaker
from huntaze.onlyfans.exceptions import (
    BadRequestError,
    ForbiddenError,
    HTTPStatusError,
    NotACreatorError,
    NotFoundOnRemoteError,
    OnlyFansError,
    RateLimitedError,
    ServerError,
    SessionExpiredError,
    StaleRulesError,
    TransportError,
    VerificationRequiredError,
)
from huntaze.onlyfans.outbound import OutboundContent, OutboundMessage, outbound_body
from huntaze.onlyfans.paging import WalkPage, offset_advance, walk_pages
from huntaze.onlyfans.ratelimit import RateLimit, RateLimiter, Sleep, rate_limiter_for
from huntaze.onlyfans.rules import RulesProvider
from huntaze.onlyfans.schemas import (
    Chat,
    ChatsPage,
    DriftReporter,
    EarningsChart,
    Fan,
    ListPage,
    Me,
    Message,
    MessagesPage,
    OFModel,
    Post,
    PostsPage,
    QueueEntry,
    SubscriberCounts,
    SubscribersPage,
    Transaction,
    TransactionsPage,
    VaultMedia,
    VaultMediaPage,
    payload_parse,
)
from huntaze.onlyfans.session import OnlyFansSession
from huntaze.onlyfans.signing import OnlyFansAuth

logger = logging.getLogger("huntaze.onlyfans.http")

DEFAULT_BASE_URL = "https://onlyfans.com/api2/v2"
VERIFICATION_CODES = (101, 105)
WRONG_USER_CODE = 301
# The request never left this machine: safe to retry even a send.
NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Failures that say OnlyFans (or the path to it) is in trouble: they feed the circuit breaker.
# A 429 is not one: OnlyFans is pacing us and says when to come back, and we wait as told.
REMOTE_TROUBLE = (TransportError, ServerError, ForbiddenError)

M = TypeVar("M", bound=OFModel)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """Connection, retry, pacing and breaker settings of one account's client."""

    base_url: str = DEFAULT_BASE_URL
    timeout: httpx.Timeout = field(default_factory=lambda: httpx.Timeout(30.0, connect=10.0))
    limits: httpx.Limits = field(
        default_factory=lambda: httpx.Limits(max_connections=6, max_keepalive_connections=4)
    )
    max_retries: int = 3
    # A 429 says when to come back: waiting as told is safe, so a storm gets more tries than a fault.
    max_rate_limited_retries: int = 8
    backoff_base: float = 1.0
    backoff_cap: float = 30.0
    rate_limited_backoff_base: float = 2.5
    rate_limited_backoff_cap: float = 180.0
    max_retry_after: float = 120.0
    forbidden_backoff_base: float = 15.0
    forbidden_backoff_factor: float = 1.5
    forbidden_backoff_cap: float = 180.0
    rate_limit: RateLimit = field(default_factory=RateLimit)
    redis_url: str | None = None
    breaker_threshold: int = 5
    breaker_cooldown: float = 60.0
    max_pages: int = 5_000


def retry_after_parse(value: str | None, *, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date; None if absent/bad."""
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _error_body(response: httpx.Response) -> tuple[int | None, str, dict[str, Any]]:
    """``(code, message, payload)`` of ``{"error": {...}}``; empty for HTML (Cloudflare)."""
    try:
        data = response.json()
    except ValueError:
        return None, "", {}
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict):
        return None, "", {}
    code = error.get("code")
    payload = error.get("payload") or (data.get("payload") if isinstance(data, dict) else None)
    return (
        code if isinstance(code, int) else None,
        str(error.get("message") or ""),
        payload if isinstance(payload, dict) else {},
    )


def error_from_response(response: httpx.Response, *, endpoint: str) -> HTTPStatusError:
    """Map an unsuccessful response to the typed error of spec §4."""
    status = response.status_code
    remote_code, remote_message, payload = _error_body(response)
    extra: dict[str, Any] = {"endpoint": endpoint, "remote_message": remote_message[:200]}
    kwargs: dict[str, Any] = {"status_code": status, "remote_code": remote_code, "extra": extra}
    detail = f"OnlyFans {endpoint}: HTTP {status}" + (f" {remote_message!r}" if remote_message else "")
    if status == 400 and (remote_code == 401 or "refresh the page" in remote_message.lower()):
        return StaleRulesError(detail, **kwargs)
    if status == 400 and remote_code in VERIFICATION_CODES:
        otp = payload.get("otpState")
        extra["checks"] = sorted(k for k, v in otp.items() if v) if isinstance(otp, dict) else []
        return VerificationRequiredError(**kwargs)
    if status == 401 or (400 <= status < 500 and remote_code == WRONG_USER_CODE):
        return SessionExpiredError(**kwargs)
    if status == 403:
        return ForbiddenError(**kwargs)
    if status == 404:
        return NotFoundOnRemoteError(detail, **kwargs)
    if status == 429:
        return RateLimitedError(
            detail, retry_after=retry_after_parse(response.headers.get("retry-after")), **kwargs
        )
    if status >= 500:
        return ServerError(detail, **kwargs)
    return BadRequestError(detail, **kwargs)


def _api_date(value: datetime) -> str:
    """Dates in query strings are ``YYYY-MM-DD HH:MM:SS`` in UTC (spec §2.5)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S")


class OnlyFansClient:
    """Typed access to one creator account's OnlyFans web API.

    Use as ``async with OnlyFansClient(session, rules=provider) as client: ...``.
    ``requests_made`` counts attempts that reached the network (the sync reports it);
    ``server_time`` is the newest ``Date`` header seen (OnlyFans' clock, for snapshots).
    """

    def __init__(
        self,
        session: OnlyFansSession,
        *,
        rules: RulesProvider,
        options: ClientOptions | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        rate_limiter: RateLimiter | None = None,
        drift: DriftReporter | None = None,
        sleep: Sleep | None = None,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        time_ms: Callable[[], int] | None = None,
    ) -> None:
        self.session = session
        self.options = options or ClientOptions()
        self.requests_made = 0
        self._rules = rules
        self._drift = drift
        self._sleep: Callable[[float], Awaitable[None]] = sleep or asyncio.sleep
        self._rng = rng or random.Random()
        self._forbidden_streak = 0
        self._session_dead: str | None = None
        self.server_time: datetime | None = None  # newest ``Date`` OnlyFans answered with
        self._limiter = rate_limiter or rate_limiter_for(
            key=f"huntaze:onlyfans:ratelimit:{session.auth_id}",
            limit=self.options.rate_limit,
            redis_url=self.options.redis_url,
        )
        self._breaker = CircuitBreaker(
            threshold=self.options.breaker_threshold, cooldown=self.options.breaker_cooldown, clock=clock
        )
        self._http = httpx.AsyncClient(
            base_url=self.options.base_url,
            auth=OnlyFansAuth(session, rules, time_ms=time_ms),
            timeout=self.options.timeout,
            limits=self.options.limits,
            transport=transport,
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"OnlyFansClient(auth_id={self.session.auth_id}, base_url={self.options.base_url!r})"

    async def __aenter__(self) -> OnlyFansClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- the one request path ---

    async def _request(
        self,
        method: str,
        path: str,
        *,
        endpoint: str,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        idempotent: bool = True,
    ) -> Any:
        """Send one API call with pacing, signing, retries and error mapping; returns the JSON."""
        retries = 0
        attempt = 0
        rules_refreshed = False
        while True:
            if self._session_dead is not None:
                # One 401 ends the session for every call of this client: asking again could
                # get the creator's browser session killed too.
                raise SessionExpiredError(self._session_dead, status_code=401, extra={"endpoint": endpoint})
            attempt += 1
            self._breaker.before_call()
            waited = await self._limiter.acquire()
            if waited:
                metrics.RATE_LIMIT_WAIT.observe(waited)
            request = self._http.build_request(
                method, path, params=params, json=json, headers=headers, timeout=self.options.timeout
            )
            sent_path = request.url.raw_path.decode("ascii")
            started = time.perf_counter()
            cause: Exception | None = None
            try:
                response = await self._http.send(request)
            except httpx.RequestError as exc:
                self.requests_made += 1
                self._log(method, sent_path, endpoint, type(exc).__name__, started, attempt)
                cause = exc
                error: OnlyFansError = TransportError(
                    f"OnlyFans {endpoint}: {type(exc).__name__}",
                    extra={"ambiguous": not idempotent and not isinstance(exc, NOT_SENT_ERRORS)},
                )
            else:
                self.requests_made += 1
                self._log(method, sent_path, endpoint, response.status_code, started, attempt)
                self._server_time_note(response)
                if response.is_success:
                    try:
                        data = response.json()
                    except ValueError as exc:
                        cause = exc
                        error = TransportError(
                            f"OnlyFans {endpoint}: the answer is not valid JSON",
                            extra={"ambiguous": not idempotent, "reason": "invalid_json"},
                        )
                    else:
                        self._breaker.record_success()
                        self._forbidden_streak = 0
                        return data
                else:
                    error = error_from_response(response, endpoint=endpoint)
                    error.extra["ambiguous"] = not idempotent and isinstance(error, ServerError)
            error.extra.update(endpoint=endpoint, attempts=attempt)
            if isinstance(error, SessionExpiredError | VerificationRequiredError):
                self._session_dead = error.message
            if isinstance(error, REMOTE_TROUBLE):
                self._breaker.record_failure()
            elif not isinstance(error, RateLimitedError):
                self._breaker.record_success()
            if isinstance(error, StaleRulesError) and not rules_refreshed:
                rules_refreshed = True
                metrics.RETRIES.labels(endpoint=endpoint, reason=error.code).inc()
                await self._rules.refresh()
                continue
            delay = self._retry_delay(error, retries)
            if delay is None:
                raise error from cause
            retries += 1
            metrics.RETRIES.labels(endpoint=endpoint, reason=error.code).inc()
            await self._sleep(delay)

    def _server_time_note(self, response: httpx.Response) -> None:
        """Remember OnlyFans' clock (``Date`` header): a snapshot's time must be the server's,
        not ours, or a skewed clock double-counts or drops the sales around it."""
        try:
            server_time = email.utils.parsedate_to_datetime(response.headers["date"])
        except (KeyError, TypeError, ValueError):
            return
        if self.server_time is None or server_time > self.server_time:
            self.server_time = server_time

    def _retry_delay(self, error: OnlyFansError, retries: int) -> float | None:
        """Seconds to wait before retrying ``error``, or None to raise it (see module docstring)."""
        if isinstance(error, ForbiddenError):
            error.extra["retry_after"] = self._forbidden_backoff()
            return None
        if isinstance(error, RateLimitedError):
            delay = error.retry_after
            if delay is None:
                delay = min(
                    self.options.rate_limited_backoff_cap,
                    self.options.rate_limited_backoff_base * 2**retries,
                )
            error.retry_after = error.extra["retry_after"] = delay
            if retries >= self.options.max_rate_limited_retries or delay > self.options.max_retry_after:
                return None
            return delay
        if isinstance(error, TransportError | ServerError):
            if error.extra["ambiguous"] or retries >= self.options.max_retries:
                return None
            # Full jitter spreads the retries of many workers instead of syncing them up.
            return self._rng.uniform(0, min(self.options.backoff_cap, self.options.backoff_base * 2**retries))
        return None

    def _forbidden_backoff(self) -> float:
        delay = self.options.forbidden_backoff_base * (
            self.options.forbidden_backoff_factor**self._forbidden_streak
        )
        self._forbidden_streak += 1
        return min(self.options.forbidden_backoff_cap, delay)

    def _log(
        self, method: str, path: str, endpoint: str, status: int | str, started: float, attempt: int
    ) -> None:
        latency = time.perf_counter() - started
        metrics.REQUESTS.labels(endpoint=endpoint, method=method, status=str(status)).inc()
        metrics.LATENCY.labels(endpoint=endpoint).observe(latency)
        logger.info(
            "%s %s -> %s in %.0f ms (attempt %d)",
            method,
            path,
            status,
            latency * 1000,
            attempt,
            extra={
                "of_method": method,
                "of_endpoint": endpoint,
                "of_status": status,
                "of_latency_ms": round(latency * 1000),
                "of_attempt": attempt,
            },
        )

    async def _get(self, model: type[M], path: str, *, endpoint: str, params: dict[str, Any]) -> M:
        data = await self._request("GET", path, endpoint=endpoint, params=params)
        return payload_parse(model, data, endpoint=endpoint, drift=self._drift)

    # --- identity ---

    async def me(self) -> Me:
        """``/users/me``; raises ``SessionExpiredError`` when OnlyFans says ``isAuth: false``."""
        data = await self._request("GET", "/users/me", endpoint="/users/me")
        if isinstance(data, dict) and data.get("isAuth") is False:
            raise SessionExpiredError(
                "The OnlyFans session is not logged in: reconnect the account.",
                status_code=200,
                extra={"endpoint": "/users/me"},
            )
        return payload_parse(Me, data, endpoint="/users/me", drift=self._drift)

    async def authenticate(self) -> Me:
        """Check the session belongs to a logged-in creator (``NotACreatorError`` otherwise)."""
        me = await self.me()
        if me.id != self.session.auth_id:
            raise SessionExpiredError(
                "The session cookies belong to another account than auth_id.",
                status_code=200,
                extra={"endpoint": "/users/me"},
            )
        if not me.is_creator:
            raise NotACreatorError(extra={"username": me.username})
        return me

    async def user(self, user_id: int | str) -> Fan:
        """One user as the creator sees it (subscription data included)."""
        endpoint = "/users/{user_id}"
        data = await self._request("GET", f"/users/{user_id}", endpoint=endpoint)
        if data == []:  # OnlyFans answers 200 [] for an unknown user (spec §4)
            raise NotFoundOnRemoteError(
                "OnlyFans has no such user.", status_code=200, extra={"endpoint": endpoint}
            )
        return payload_parse(Fan, data, endpoint=endpoint, drift=self._drift)

    # --- pages ---

    async def chats_page(
        self,
        *,
        offset: int = 0,
        limit: int = 10,
        order: Literal["recent", "old"] = "recent",
        filter: str | None = None,
    ) -> ChatsPage:
        params: dict[str, Any] = {"limit": limit, "offset": offset, "order": order, "skip_users": "all"}
        if filter:
            params["filter"] = filter
        return await self._get(ChatsPage, "/chats", endpoint="/chats", params=params)

    async def messages_page(
        self,
        user_id: int,
        *,
        before_id: int | None = None,
        offset: int | None = None,
        order: Literal["desc", "asc"] = "desc",
        limit: int = 50,
    ) -> ListPage[Message]:
        """One page of a chat: newest first below ``before_id`` (``order="desc"``), or from the
        start by ``offset`` (``order="asc"``)."""
        params: dict[str, Any] = {"limit": limit, "order": order, "skip_users": "all"}
        if order == "desc" and before_id is not None:
            params["id"] = before_id
        if order == "asc":
            params["offset"] = offset or 0
        return await self._get(
            MessagesPage, f"/chats/{user_id}/messages", endpoint="/chats/{user_id}/messages", params=params
        )

    async def subscribers_page(
        self, *, type: Literal["active", "expired", "all"] = "active", offset: int = 0, limit: int = 10
    ) -> SubscribersPage:
        params = {"type": type, "limit": limit, "offset": offset, "format": "infinite"}
        return await self._get(
            SubscribersPage,
            "/subscriptions/subscribers",
            endpoint="/subscriptions/subscribers",
            params=params,
        )

    async def subscribers_latest_page(self, *, offset: int = 0, limit: int = 100) -> SubscribersPage:
        """Most recent subscribes/renewals first: the cheap delta of the fan list."""
        params = {"limit": limit, "offset": offset, "format": "infinite"}
        return await self._get(
            SubscribersPage,
            "/subscriptions/subscribers/latest",
            endpoint="/subscriptions/subscribers/latest",
            params=params,
        )

    async def subscriber_counts(self) -> SubscriberCounts:
        return await self._get(
            SubscriberCounts, "/subscriptions/count/all", endpoint="/subscriptions/count/all", params={}
        )

    async def posts_page(
        self, user_id: int, *, before_publish_time: str | None = None, limit: int = 10
    ) -> PostsPage:
        params: dict[str, Any] = {
            "limit": limit,
            "order": "publish_date_desc",
            "skip_users": "all",
            "format": "infinite",
            "pinned": 0,
        }
        if before_publish_time:
            params["beforePublishTime"] = before_publish_time
        return await self._get(
            PostsPage, f"/users/{user_id}/posts", endpoint="/users/{user_id}/posts", params=params
        )

    async def vault_media_page(
        self, *, offset: int = 0, limit: int = 24, list_id: int | str = "all"
    ) -> ListPage[VaultMedia]:
        params = {"limit": limit, "offset": offset, "list": list_id, "field": "recent", "sort": "desc"}
        return await self._get(VaultMediaPage, "/vault/media", endpoint="/vault/media", params=params)

    async def transactions_page(
        self, *, marker: int | None = None, start_date: datetime | None = None, limit: int = 100
    ) -> TransactionsPage:
        params: dict[str, Any] = {"limit": limit}
        if marker is not None:
            params["marker"] = marker
        if start_date is not None:
            params["startDate"] = _api_date(start_date)
        return await self._get(
            TransactionsPage, "/payouts/transactions", endpoint="/payouts/transactions", params=params
        )

    async def earnings_chart(self, *, start: datetime, end: datetime) -> EarningsChart:
        params = {"startDate": _api_date(start), "endDate": _api_date(end), "withTotal": "true"}
        return await self._get(EarningsChart, "/earnings/chart", endpoint="/earnings/chart", params=params)

    # --- walks ---

    def _walk(
        self,
        fetch: Callable[[Any], Awaitable[Any]],
        advance: Callable[[Any, Any], Any],
        *,
        endpoint: str,
        key: Callable[[T], Any] = lambda item: item.id,
        start: Any = None,
        stop: Callable[[T], bool] | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[WalkPage[T]]:
        return walk_pages(
            fetch=fetch,
            advance=advance,
            key=key,
            start=start,
            stop=stop,
            max_pages=max_pages or self.options.max_pages,
            endpoint=endpoint,
        )

    def iter_chats(
        self,
        *,
        order: Literal["recent", "old"] = "recent",
        filter: str | None = None,
        limit: int = 100,
        start: int | None = None,
        stop: Callable[[Chat], bool] | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[WalkPage[Chat]]:
        """Inbox pages by offset; the cursor is the offset."""
        return self._walk(
            lambda offset: self.chats_page(offset=offset or 0, limit=limit, order=order, filter=filter),
            offset_advance,
            endpoint="/chats",
            key=lambda chat: chat.with_user.id,
            start=start,
            stop=stop,
            max_pages=max_pages,
        )

    def iter_messages(
        self,
        user_id: int,
        *,
        order: Literal["desc", "asc"] = "desc",
        limit: int = 100,
        start: int | None = None,
        stop: Callable[[Message], bool] | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[WalkPage[Message]]:
        """A chat's messages: newest first (cursor = oldest id seen) or oldest first (cursor = offset)."""
        if order == "asc":
            return self._walk(
                lambda offset: self.messages_page(user_id, offset=offset or 0, order="asc", limit=limit),
                offset_advance,
                endpoint="/chats/{user_id}/messages",
                start=start,
                stop=stop,
                max_pages=max_pages,
            )
        return self._walk(
            lambda before: self.messages_page(user_id, before_id=before, limit=limit),
            _before_id_advance,
            endpoint="/chats/{user_id}/messages",
            start=start,
            stop=stop,
            max_pages=max_pages,
        )

    def iter_subscribers(
        self,
        type: Literal["active", "expired", "all", "latest"] = "all",
        *,
        limit: int = 100,
        start: int | None = None,
        stop: Callable[[Fan], bool] | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[WalkPage[Fan]]:
        """Subscriber pages by offset; ``type="latest"`` walks ``/subscribers/latest``."""
        return self._walk(
            (lambda offset: self.subscribers_latest_page(offset=offset or 0, limit=limit))
            if type == "latest"
            else (lambda offset: self.subscribers_page(type=type, offset=offset or 0, limit=limit)),
            offset_advance,
            endpoint="/subscriptions/subscribers",
            start=start,
            stop=stop,
            max_pages=max_pages,
        )

    def iter_posts(
        self,
        user_id: int,
        *,
        limit: int = 50,
        start: str | None = None,
        stop: Callable[[Post], bool] | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[WalkPage[Post]]:
        """Posts newest first; the cursor is the ``tailMarker`` (publish time)."""
        return self._walk(
            lambda before: self.posts_page(user_id, before_publish_time=before, limit=limit),
            _tail_marker_advance,
            endpoint="/users/{user_id}/posts",
            start=start,
            stop=stop,
            max_pages=max_pages,
        )

    def iter_vault_media(
        self,
        *,
        limit: int = 100,
        start: int | None = None,
        stop: Callable[[VaultMedia], bool] | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[WalkPage[VaultMedia]]:
        return self._walk(
            lambda offset: self.vault_media_page(offset=offset or 0, limit=limit),
            offset_advance,
            endpoint="/vault/media",
            start=start,
            stop=stop,
            max_pages=max_pages,
        )

    def iter_transactions(
        self,
        *,
        start_date: datetime | None = None,
        start: int | None = None,
        stop: Callable[[Transaction], bool] | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[WalkPage[Transaction]]:
        """The ledger newest first; the cursor is ``nextMarker``."""
        return self._walk(
            lambda marker: self.transactions_page(marker=marker, start_date=start_date),
            _next_marker_advance,
            endpoint="/payouts/transactions",
            start=start,
            stop=stop,
            max_pages=max_pages,
        )

    # --- sending (human-approved content only) ---

    async def message_send(self, outbound: OutboundMessage) -> Message:
        """Send one approved message to one fan; returns the created message.

        ``outbound.assert_sendable()`` runs first, before any network use. Never retried once
        possibly delivered: an ambiguous failure raises with ``extra["ambiguous"] = True``.
        """
        outbound.assert_sendable()
        body = outbound_body(outbound)
        user_id = int(outbound.recipient_onlyfans_id)
        endpoint = "/chats/{user_id}/messages"
        data = await self._request(
            "POST",
            f"/chats/{user_id}/messages",
            endpoint=endpoint,
            json=body,
            headers={"x-idempotency-key": outbound.idempotency_key},
            idempotent=False,
        )
        return payload_parse(Message, data, endpoint=endpoint, drift=self._drift)

    async def mass_message_send(
        self,
        outbound: OutboundContent,
        *,
        user_ids: Sequence[int] = (),
        user_lists: Sequence[int | str] = (),
        excluded_lists: Sequence[int | str] = (),
        scheduled_at: datetime | None = None,
    ) -> QueueEntry:
        """Queue one approved message to fans and/or lists (``"fans"`` = all subscribers)."""
        outbound.assert_sendable()
        if not user_ids and not user_lists:
            raise ValidationError("a mass message needs user_ids or user_lists")
        body = {
            **outbound_body(outbound),
            "userIds": [int(u) for u in user_ids],
            "userLists": list(user_lists),
            "excludedLists": list(excluded_lists),
        }
        if scheduled_at is not None:
            body["scheduledDate"] = scheduled_at.astimezone(UTC).isoformat()
        data = await self._request(
            "POST",
            "/messages/queue",
            endpoint="/messages/queue",
            json=body,
            headers={"x-idempotency-key": outbound.idempotency_key},
            idempotent=False,
        )
        return payload_parse(QueueEntry, data, endpoint="/messages/queue", drift=self._drift)


def _before_id_advance(page: ListPage[Message], before: int | None) -> int | None:
    """Next ``id`` cursor: the oldest id of the page; it must go down."""
    oldest = min(message.id for message in page.list)
    return oldest if before is None or oldest < before else None


def _tail_marker_advance(page: PostsPage, before: str | None) -> str | None:
    marker = page.tail_marker
    if not marker or (before is not None and float(marker) >= float(before)):
        return None
    return marker


def _next_marker_advance(page: TransactionsPage, marker: int | None) -> int | None:
    return page.next_marker if page.next_marker is not None and page.next_marker != marker else None
