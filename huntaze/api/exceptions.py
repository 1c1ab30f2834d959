"""Errors of the API layer itself (authentication, rate, size), in the house error shape.

django-ninja raises its own ``HttpError`` family; ``api_error_from_http`` turns each into a
``HuntazeError`` so every answer, whatever failed, is ``{"code", "message", "extra"}``.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError, Throttled

from huntaze.core.exceptions import HuntazeError


class AuthenticationRequiredError(HuntazeError):
    """No session, or a bearer token that is unknown, revoked or whose creator left the team."""

    code = "unauthenticated"
    http_status = 401
    default_message = _("Log in, or send a valid API token.")


class RateLimitedError(HuntazeError):
    """Too many requests in the current window; ``extra["retry_after"]`` is in seconds."""

    code = "rate_limited"
    http_status = 429
    default_message = _("Too many requests: wait before trying again.")

    def __init__(self, *, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(extra={"retry_after": retry_after})


class PayloadTooLargeError(HuntazeError):
    code = "payload_too_large"
    http_status = 413
    default_message = _("The request body is too large.")


# django-ninja raises 403 only when a session write lacks its CSRF token.
_HTTP_CODES = {400: "bad_request", 403: "csrf_failed", 404: "not_found", 405: "method_not_allowed"}


def api_error_from_http(exc: HttpError) -> HuntazeError:
    """The house error for one of django-ninja's (failed auth, throttling, CSRF, unparsable body)."""
    if isinstance(exc, AuthenticationError):
        return AuthenticationRequiredError()
    if isinstance(exc, Throttled):
        return RateLimitedError(retry_after=math.ceil(exc.wait or 1))
    error = HuntazeError(str(exc.message))
    error.code = _HTTP_CODES.get(exc.status_code, "http_error")
    error.http_status = exc.status_code
    return error
