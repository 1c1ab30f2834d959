"""The creator's own OnlyFans browser session, as pasted from devtools.

The connector never logs in: it reuses the ``sess`` cookie, ``x-bc`` token and exact
user agent of the browser the creator is logged in with (a different user agent kills the
session, spec §1). These values are bearer secrets, so ``repr`` never shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from huntaze.onlyfans.exceptions import SessionInvalidError

_REQUIRED_COOKIES = ("sess", "auth_id")


@dataclass(frozen=True, slots=True, repr=False)
class OnlyFansSession:
    """Everything the API needs to recognise the creator's browser.

    ``extra_cookies`` holds the other cookies the browser sends (``fp``, ``auth_uid_<id>``,
    ``__cf_bm``…) as ``(name, value)`` pairs in pasted order; a mapping is accepted too.
    """

    sess: str
    auth_id: int
    x_bc: str
    user_agent: str
    extra_cookies: tuple[tuple[str, str], ...] = field(default=())

    def __post_init__(self) -> None:
        missing = [
            name
            for name, value in (("sess", self.sess), ("x_bc", self.x_bc), ("user_agent", self.user_agent))
            if not isinstance(value, str) or not value.strip()
        ]
        if missing:
            raise SessionInvalidError(
                f"the OnlyFans session lacks {', '.join(missing)}", extra={"missing": missing}
            )
        if isinstance(self.auth_id, bool) or not isinstance(self.auth_id, int) or self.auth_id <= 0:
            raise SessionInvalidError(
                "auth_id must be the positive numeric id of the logged-in account",
                extra={"field": "auth_id"},
            )
        pairs = self.extra_cookies.items() if isinstance(self.extra_cookies, Mapping) else self.extra_cookies
        object.__setattr__(
            self,
            "extra_cookies",
            tuple((str(k), str(v)) for k, v in pairs if k not in _REQUIRED_COOKIES),
        )

    def __repr__(self) -> str:
        names = [name for name, _ in self.extra_cookies]
        return (
            f"OnlyFansSession(auth_id={self.auth_id}, sess='***', x_bc='***', "
            f"user_agent={self.user_agent[:40]!r}, extra_cookies={names!r})"
        )

    __str__ = __repr__

    def cookie_pairs(self) -> list[tuple[str, str]]:
        """The cookies to send, ``sess`` and ``auth_id`` first as the web app does."""
        return [("sess", self.sess), ("auth_id", str(self.auth_id)), *self.extra_cookies]

    @classmethod
    def from_cookie_string(cls, cookie: str, *, x_bc: str, user_agent: str) -> OnlyFansSession:
        """Build a session from a pasted ``Cookie`` header (``"sess=…; auth_id=…; fp=…"``).

        Raises ``SessionInvalidError`` saying which cookie is missing or malformed.
        """
        cookies = cookie_string_parse(cookie)
        missing = [name for name in _REQUIRED_COOKIES if not cookies.get(name)]
        if missing:
            raise SessionInvalidError(
                f"the cookie string has no {' or '.join(repr(m) for m in missing)} cookie: copy the whole "
                "Cookie header of an onlyfans.com request from your browser's developer tools",
                extra={"missing": missing},
            )
        auth_id = cookies["auth_id"]
        if not auth_id.isdigit():
            raise SessionInvalidError(
                "the 'auth_id' cookie must be a number (the id of the logged-in account)",
                extra={"field": "auth_id"},
            )
        return cls(
            sess=cookies["sess"],
            auth_id=int(auth_id),
            x_bc=x_bc,
            user_agent=user_agent,
            extra_cookies=tuple(cookies.items()),
        )


def cookie_string_parse(cookie: str) -> dict[str, str]:
    """Split a ``Cookie`` header into names and values (the last duplicate wins).

    Accepts a leading ``Cookie:`` and stray whitespace; raises ``SessionInvalidError`` on a
    part without ``=``, which usually means a truncated paste.
    """
    text = (cookie or "").strip()
    if text.lower().startswith("cookie:"):
        text = text[len("cookie:") :]
    result: dict[str, str] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            raise SessionInvalidError(
                "the cookie string is malformed: every part must look like name=value",
                extra={"part_index": len(result)},
            )
        result[name.strip()] = value.strip().strip('"')
    return result
