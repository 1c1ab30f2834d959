"""Errors of the attribution domain."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from huntaze.core.exceptions import ValidationError


class ReassignReasonRequiredError(ValidationError):
    code = "reason_required"
    default_message = _("Say why this sale is reassigned.")


class ReassignTargetInvalidError(ValidationError):
    """The new chatter is not a member of the team who can work on the sale's account."""

    code = "invalid_chatter"
    default_message = _("A sale can only be credited to a team member who works on this account.")
