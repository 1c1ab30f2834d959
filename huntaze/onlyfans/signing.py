"""Request signing for the OnlyFans web API, from published "dynamic rules".

The web app signs every API call with a SHA-1 over a static secret, the time, the path
and the user id, plus a checksum over chosen hex digits of that hash. The secret and
the checksum parameters rotate with each web build and are published by several
community repositories in two layouts (see ``../shared/onlyfans-api.md`` §1):

* layout A: ``format`` = ``"<prefix>:{}:{:x}:<suffix>"``
* layout B: ``start``/``end`` or ``prefix``/``suffix``

``sign`` is a pure function so it can be pinned against hand-worked vectors;
``OnlyFansAuth`` plugs it into httpx and sets every header the web app sends (spec §1).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from huntaze.onlyfans.exceptions import RulesInvalidError
from huntaze.onlyfans.session import OnlyFansSession, cookie_string_parse

APP_TOKEN = "33d57ade8c02dbc5a333db99ff9ae26a"
ACCEPT = "application/json, text/plain, */*"
REFERER = "https://onlyfans.com/"

_FORMAT_RE = re.compile(r"^(?P<prefix>[^:{}]+):\{\}:\{:x\}:(?P<suffix>[^:{}]+)$")


@dataclass(frozen=True, slots=True)
class SigningRules:
    """One parsed rules file, whatever layout it came in."""

    static_param: str
    prefix: str
    suffix: str
    checksum_indexes: tuple[int, ...]
    checksum_constant: int
    app_token: str | None = None
    remove_headers: tuple[str, ...] = ()
    revision: str | None = None


def rules_parse(data: Mapping[str, Any] | SigningRules) -> SigningRules:
    """Normalise a rules dict of either published layout.

    Raises ``RulesInvalidError`` naming the first missing or malformed key, so a broken
    rules source is reported clearly instead of producing signatures the API rejects.
    """
    if isinstance(data, SigningRules):
        return data
    if not isinstance(data, Mapping):
        raise RulesInvalidError("rules must be a JSON object", extra={"type": type(data).__name__})

    static_param = data.get("static_param")
    if not isinstance(static_param, str) or not static_param:
        raise RulesInvalidError("rules lack 'static_param'", extra={"field": "static_param"})

    prefix = data.get("prefix", data.get("start"))
    suffix = data.get("suffix", data.get("end"))
    if prefix is None or suffix is None:
        fmt = data.get("format")
        match = _FORMAT_RE.match(fmt) if isinstance(fmt, str) else None
        if match is None:
            raise RulesInvalidError(
                "rules need 'prefix'/'suffix', 'start'/'end' or a 'format' like '<p>:{}:{:x}:<s>'",
                extra={"field": "format"},
            )
        prefix, suffix = match["prefix"], match["suffix"]
    prefix, suffix = str(prefix), str(suffix)

    indexes = data.get("checksum_indexes")
    if (
        not isinstance(indexes, list | tuple)
        or not indexes
        or not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < 40 for i in indexes)
    ):
        raise RulesInvalidError(
            "rules need 'checksum_indexes': a non-empty list of integers 0-39",
            extra={"field": "checksum_indexes"},
        )

    constant = data.get("checksum_constant")
    if isinstance(constant, bool) or not isinstance(constant, int):
        raise RulesInvalidError(
            "rules need an integer 'checksum_constant'", extra={"field": "checksum_constant"}
        )

    app_token = data.get("app_token", data.get("app-token"))
    remove_headers = data.get("remove_headers") or ()
    revision = data.get("revision")
    return SigningRules(
        static_param=static_param,
        prefix=prefix,
        suffix=suffix,
        checksum_indexes=tuple(indexes),
        checksum_constant=constant,
        app_token=str(app_token) if app_token else None,
        remove_headers=tuple(str(h).lower() for h in remove_headers),
        revision=str(revision) if revision else None,
    )


def sign(
    rules: Mapping[str, Any] | SigningRules, path_with_query: str, user_id: int | str, time_ms: int | str
) -> str:
    """Return the ``sign`` header for one request.

    ``path_with_query`` is the URL path plus ``?query`` exactly as sent (no host);
    ``user_id`` is the logged-in account id (``0`` when logged out).
    """
    parsed = rules_parse(rules)
    message = "\n".join((parsed.static_param, str(time_ms), path_with_query, str(user_id)))
    digest = hashlib.sha1(message.encode("utf-8")).hexdigest()  # noqa: S324 - the API's scheme, not ours
    checksum = sum(ord(digest[i]) for i in parsed.checksum_indexes) + parsed.checksum_constant
    return f"{parsed.prefix}:{digest}:{abs(checksum):x}:{parsed.suffix}"


class RulesSource(Protocol):
    """What ``OnlyFansAuth`` needs from a rules provider (``rules.RulesProvider``)."""

    async def get(self) -> SigningRules: ...


def _time_ms() -> int:
    return time.time_ns() // 1_000_000


class OnlyFansAuth(httpx.Auth):
    """Signs each request like the creator's browser would (async clients only).

    The signature covers ``request.url.raw_path`` — path plus query exactly as httpx will
    send it — so what is signed and what is sent can never disagree.
    """

    def __init__(
        self,
        session: OnlyFansSession,
        rules: RulesSource,
        *,
        time_ms: Callable[[], int] | None = None,
        referer: str = REFERER,
    ) -> None:
        self._session = session
        self._rules = rules
        self._time_ms = time_ms or _time_ms
        self._referer = referer

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        raise RuntimeError("OnlyFansAuth fetches rules asynchronously: use it with httpx.AsyncClient")

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        rules = await self._rules.get()
        now = str(self._time_ms())
        user_id = self._session.auth_id
        headers = {
            "accept": ACCEPT,
            "app-token": rules.app_token or APP_TOKEN,
            "user-id": str(user_id),
            "x-bc": self._session.x_bc,
            "user-agent": self._session.user_agent,
            "cookie": self._cookie_header(request),
            "time": now,
            "sign": sign(rules, request.url.raw_path.decode("ascii"), user_id, now),
            "referer": self._referer,
        }
        if rules.revision:
            headers["x-of-rev"] = rules.revision
        for name, value in headers.items():
            if name not in rules.remove_headers:
                request.headers[name] = value
        yield request

    def _cookie_header(self, request: httpx.Request) -> str:
        """The session's cookies, then any the server set since (``__cf_bm``…), like a browser."""
        cookies = dict(self._session.cookie_pairs())
        jar = request.headers.get("cookie")
        if jar:
            for name, value in cookie_string_parse(jar).items():
                if name not in ("sess", "auth_id"):
                    cookies[name] = value
        return "; ".join(f"{name}={value}" for name, value in cookies.items())
