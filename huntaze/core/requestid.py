"""The id of the request (or job) being served, for logs and the audit trail."""

from __future__ import annotations

import contextvars
import uuid

_current: contextvars.ContextVar[str] = contextvars.ContextVar("huntaze_request_id", default="")


def request_id_get() -> str:
    return _current.get()


def request_id_new() -> str:
    return uuid.uuid4().hex


def request_id_set(value: str) -> contextvars.Token:
    return _current.set(value)


def request_id_reset(token: contextvars.Token) -> None:
    _current.reset(token)
