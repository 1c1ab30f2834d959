"""Writes of login security: 2FA (``two_factor``), the login steps (``login``), throttling
(``throttle``) and sessions (``sessions``). Import from here; the split only keeps modules short."""

from huntaze.security.services.login import login_code_step, login_password_step
from huntaze.security.services.sessions import (
    password_change,
    session_check,
    session_stamp,
    sessions_logout_everywhere,
)
from huntaze.security.services.throttle import login_failure_record, login_lock_check, login_unlock
from huntaze.security.services.two_factor import (
    credentials_confirm,
    recovery_codes_regenerate,
    team_2fa_require,
    totp_disable,
    totp_enrol_confirm,
    totp_enrol_start,
    totp_reset,
    totp_secrets_rotate,
    two_factor_verify,
)

__all__ = [
    "credentials_confirm",
    "login_code_step",
    "login_failure_record",
    "login_lock_check",
    "login_password_step",
    "login_unlock",
    "password_change",
    "recovery_codes_regenerate",
    "session_check",
    "session_stamp",
    "sessions_logout_everywhere",
    "team_2fa_require",
    "totp_disable",
    "totp_enrol_confirm",
    "totp_enrol_start",
    "totp_reset",
    "totp_secrets_rotate",
    "two_factor_verify",
]
