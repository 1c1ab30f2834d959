"""Errors of the shifts domain."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from huntaze.core.exceptions import HuntazeError, ValidationError


class ShiftLockedError(HuntazeError):
    """A shift-limited chatter asked for an account outside their shifts (and no extension runs).

    ``extra``: ``account_id``, ``timezone`` and, when known, ``next_shift_starts_at``.
    """

    code = "shift_locked"
    http_status = 403
    default_message = _("You are outside your shift on this account.")


class ClockStateError(ValidationError):
    """Clocking in while clocked in, or out while clocked out."""

    code = "clock_state"
    default_message = _("You are already clocked in or out.")
