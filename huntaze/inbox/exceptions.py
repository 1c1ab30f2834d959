"""Errors of the inbox domain."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from huntaze.core.exceptions import HuntazeError

if TYPE_CHECKING:
    from huntaze.inbox.compliance import ComplianceHit


class OutboundNotSendableError(HuntazeError):
    code = "outbound_not_sendable"
    http_status = 409
    default_message = "This message has no valid human approval."


class ComplianceError(HuntazeError):
    """A text the compliance guard refuses; ``extra["rules"]`` lists every rule it hit."""

    http_status = 422

    def __init__(self, *, hits: Iterable[ComplianceHit]) -> None:
        self.hits = tuple(hits)
        super().__init__(str(self.default_message), extra={"rules": [hit.as_dict() for hit in self.hits]})


class ComplianceBlockedError(ComplianceError):
    """The text hits a block rule: it can never be sent, whatever the reason given."""

    code = "compliance_blocked"
    default_message = _("This text breaks the OnlyFans rules and cannot be sent.")


class ComplianceOverrideRequiredError(ComplianceError):
    """The text hits warn rules and no override reason was given."""

    code = "compliance_override_required"
    default_message = _("This text needs a reason before it can be sent.")


class ApprovalRequiredError(HuntazeError):
    """A send without the explicit approval of the human making the request."""

    code = "approval_required"
    http_status = 422
    default_message = _("Sending needs your explicit approval of this exact text and price.")


class ApprovalOutsideRequestError(HuntazeError):
    """An approval attempted outside a logged-in human's request (a job, a timer, an engine)."""

    code = "approval_outside_request"
    http_status = 403
    default_message = _("Only a logged-in person, in their own request, can approve a message.")


class IdempotencyConflictError(HuntazeError):
    """The idempotency key was already used for a different message."""

    code = "idempotency_conflict"
    http_status = 409
    default_message = _("This idempotency key was already used for a different message.")


class OutboundSendFailedError(HuntazeError):
    """OnlyFans refused or failed the send; ``extra["ambiguous"]`` says it may have arrived."""

    code = "send_failed"
    http_status = 502
    default_message = _("OnlyFans did not accept the message.")
