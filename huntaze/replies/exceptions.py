"""Errors of the saved replies domain."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from huntaze.core.exceptions import HuntazeError, ValidationError


class ReplyVariableUnknownError(ValidationError):
    """The text uses a variable Huntaze does not know (``extra["unknown"]``, ``extra["known"]``)."""

    code = "reply_variable_unknown"
    default_message = _("This text uses a variable Huntaze does not know.")


class ReplyShortcutTakenError(HuntazeError):
    """Another saved reply of the same scope (team-wide, or the same account) has this shortcut."""

    code = "reply_shortcut_taken"
    http_status = 409
    default_message = _("Another saved reply already uses this shortcut.")
