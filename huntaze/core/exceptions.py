"""The one base error of the project.

Every error a user or API client can see is a ``HuntazeError`` subclass with a stable
``code`` (clients branch on it), a human ``message`` and JSON-safe ``extra`` data.
The API turns it into ``{"code", "message", "extra"}`` with ``http_status``.
"""

from __future__ import annotations

from typing import Any


class HuntazeError(Exception):
    code: str = "error"
    http_status: int = 400
    default_message: str = "Something went wrong."

    def __init__(self, message: str | None = None, *, extra: dict[str, Any] | None = None) -> None:
        self.message = message or self.default_message
        self.extra = extra or {}
        super().__init__(self.message)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "extra": self.extra}


class NotFoundError(HuntazeError):
    """Raised for objects that do not exist *or* that the requester may not see.

    The two cases are deliberately indistinguishable so one tenant cannot probe another's ids.
    """

    code = "not_found"
    http_status = 404
    default_message = "Not found."


class PermissionDeniedError(HuntazeError):
    code = "permission_denied"
    http_status = 403
    default_message = "You are not allowed to do this."


class ValidationError(HuntazeError):
    code = "invalid"
    http_status = 422
    default_message = "The input is invalid."
