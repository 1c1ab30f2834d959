"""Errors raised by the OnlyFans connector.

The tree (the sync engine branches on the class, never on the text)::

    HuntazeError
    └── OnlyFansError
        ├── SessionInvalidError         a pasted session/cookie string is unusable
        ├── NotACreatorError            the session is logged in but not a creator account
        ├── RulesError                  signing rules cannot be had
        │   └── RulesInvalidError       a rules file is malformed
        ├── SchemaDriftError            a response lacks a required field / has the wrong type
        ├── TransportError              network fault, timeout, dropped connection, bad JSON
        ├── CircuitOpenError            too many recent failures: calls refused for a while
        └── HTTPStatusError             the API answered with an error status
            ├── StaleRulesError         400 "Please refresh the page" (sign rejected)
            ├── VerificationRequiredError  400 code 101/105: 2FA or security check pending
            ├── BadRequestError         other 4xx validation errors (no retry)
            ├── SessionExpiredError     401: session logged out / mismatched -> needs re-auth
            ├── ForbiddenError          403 (Cloudflare block): stop, back off long
            ├── NotFoundOnRemoteError   404
            ├── RateLimitedError        429 (retry_after may be None)
            └── ServerError             5xx
"""

from __future__ import annotations

from typing import Any

from huntaze.core.exceptions import HuntazeError


class OnlyFansError(HuntazeError):
    code = "onlyfans_error"
    http_status = 502
    default_message = "The OnlyFans connector failed."


class SessionInvalidError(OnlyFansError):
    """The session the user pasted lacks a cookie or value the API needs (nothing was sent)."""

    code = "onlyfans_session_invalid"
    http_status = 422
    default_message = "The OnlyFans session is incomplete: paste the full cookie string again."


class NotACreatorError(OnlyFansError):
    """``/users/me`` answered for a fan account: Huntaze only manages creator accounts."""

    code = "onlyfans_not_a_creator"
    http_status = 422
    default_message = "This OnlyFans account is not a creator account."


class RulesError(OnlyFansError):
    code = "onlyfans_rules_unavailable"
    default_message = "No valid OnlyFans signing rules could be loaded."


class RulesInvalidError(RulesError):
    code = "onlyfans_rules_invalid"
    default_message = "The OnlyFans signing rules are malformed."


class SchemaDriftError(OnlyFansError):
    """A response no longer matches what the connector requires.

    ``extra`` names ``endpoint`` and ``field`` so the drift can be fixed quickly.
    """

    code = "onlyfans_schema_drift"
    default_message = "OnlyFans changed the shape of a response."


class TransportError(OnlyFansError):
    code = "onlyfans_transport"
    default_message = "Could not reach OnlyFans."


class CircuitOpenError(OnlyFansError):
    code = "onlyfans_circuit_open"
    http_status = 503
    default_message = "Too many recent OnlyFans failures; calls are paused."


class HTTPStatusError(OnlyFansError):
    code = "onlyfans_http_error"

    def __init__(
        self,
        message: str | None = None,
        *,
        status_code: int = 0,
        remote_code: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.status_code = status_code
        self.remote_code = remote_code
        super().__init__(
            message, extra={"status_code": status_code, "remote_code": remote_code, **(extra or {})}
        )


class StaleRulesError(HTTPStatusError):
    code = "onlyfans_stale_rules"
    default_message = "OnlyFans rejected the request signature (rules rotated)."


class VerificationRequiredError(HTTPStatusError):
    code = "onlyfans_verification_required"
    http_status = 409
    default_message = (
        "OnlyFans asks for a 2FA or security check: complete it in your browser, then reconnect."
    )


class BadRequestError(HTTPStatusError):
    code = "onlyfans_bad_request"
    http_status = 422
    default_message = "OnlyFans refused the request."


class SessionExpiredError(HTTPStatusError):
    code = "onlyfans_session_expired"
    http_status = 409
    default_message = "The OnlyFans session expired: reconnect the account."


class ForbiddenError(HTTPStatusError):
    code = "onlyfans_forbidden"
    http_status = 503
    default_message = "OnlyFans blocked the request (403); backing off."


class NotFoundOnRemoteError(HTTPStatusError):
    code = "onlyfans_not_found"
    http_status = 404
    default_message = "OnlyFans has no such object."


class RateLimitedError(HTTPStatusError):
    code = "onlyfans_rate_limited"
    http_status = 503
    default_message = "OnlyFans rate limit reached."

    def __init__(
        self, message: str | None = None, *, retry_after: float | None = None, **kwargs: Any
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)


class ServerError(HTTPStatusError):
    code = "onlyfans_server_error"
    default_message = "OnlyFans had a server error."
