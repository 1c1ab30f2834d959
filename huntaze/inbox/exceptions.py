"""Errors of the inbox domain."""

from huntaze.core.exceptions import HuntazeError


class OutboundNotSendableError(HuntazeError):
    code = "outbound_not_sendable"
    http_status = 409
    default_message = "This message has no valid human approval."
