"""Errors of login security. Messages are safe to show: none says whether a username exists."""

from __future__ import annotations

import math

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from huntaze.core.exceptions import HuntazeError, ValidationError


class LoginLockedError(HuntazeError):
    """Too many recent failures for this username or address; ``extra["retry_after"]`` in seconds.

    Raised *before* the password or code is checked, so a correct one reveals nothing during a lock.
    """

    code = "login_locked"
    http_status = 429

    def __init__(self, *, retry_after: int) -> None:
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        message = ngettext(
            "Too many failed attempts. Try again in %(minutes)d minute.",
            "Too many failed attempts. Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
        super().__init__(message, extra={"retry_after": retry_after})


class InvalidCredentialsError(ValidationError):
    """A wrong username or password (which one is not said)."""

    code = "invalid_credentials"
    default_message = _("Your username and password didn't match. Please try again.")


class InvalidCodeError(ValidationError):
    """A two-factor code that is wrong, expired or already used."""

    code = "invalid_code"
    default_message = _("This code is not valid. Enter the current code from your app, or a recovery code.")


class LoginPendingExpiredError(HuntazeError):
    """The code step came too late (or without a password step): start the login again."""

    code = "login_expired"
    http_status = 401
    default_message = _("Your login took too long. Please enter your username and password again.")


class TwoFactorRequiredError(HuntazeError):
    """The user's team requires two-factor authentication and the user has not enrolled yet."""

    code = "two_factor_required"
    http_status = 403
    default_message = _("Your team requires two-factor authentication: enable it to continue.")


class TwoFactorStateError(ValidationError):
    """The step does not fit the user's current two-factor state (e.g. enabling it twice)."""

    code = "two_factor_state"
