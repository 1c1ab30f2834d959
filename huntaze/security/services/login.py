"""The two-step login: password, then (with 2FA) a code, before any session is logged in.

Between the steps the session holds only the pending user's id, for 5 minutes; nothing is
authenticated until the code checks out. Both steps are throttled (``throttle``).
"""

from __future__ import annotations

from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils import timezone

from huntaze.security.choices import LoginStage
from huntaze.security.exceptions import InvalidCodeError, InvalidCredentialsError, LoginPendingExpiredError
from huntaze.security.selectors import PENDING_LOGIN_KEY, login_pending_user_id, two_factor_enabled
from huntaze.security.services.audit import user_audit_record
from huntaze.security.services.throttle import login_failure_record, login_lock_check
from huntaze.security.services.two_factor import two_factor_verify

PENDING_SECONDS = 300


def login_password_step(*, request: HttpRequest, username: str, password: str) -> bool:
    """Check the password; log in and return True, or return False when a code must follow.

    Raises ``LoginLockedError`` (checked first, the password is not looked at) and
    ``InvalidCredentialsError``.
    """
    login_lock_check(request=request, username=username)
    user = authenticate(request, username=username, password=password)
    if user is None:
        model = get_user_model()
        # Case-insensitive like the lock itself, so "Owner" is filed with owner's teams too.
        known = model._default_manager.filter(**{f"{model.USERNAME_FIELD}__iexact": username}).first()
        login_failure_record(request=request, username=username, stage=LoginStage.PASSWORD, user=known)
        raise InvalidCredentialsError()
    if not two_factor_enabled(user):
        _login(request, user, backend=user.backend, method="password")
        return True
    request.session.cycle_key()  # a fixated session id must not learn of the pending login
    request.session[PENDING_LOGIN_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        "until": timezone.now().timestamp() + PENDING_SECONDS,
    }
    return False


def login_code_step(*, request: HttpRequest, code: str) -> AbstractBaseUser:
    """Finish a pending login with a TOTP or recovery code; returns the now logged-in user.

    Raises ``LoginPendingExpiredError`` (no pending login, or older than 5 minutes),
    ``LoginLockedError`` and ``InvalidCodeError``.
    """
    user_id = login_pending_user_id(request)
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        request.session.pop(PENDING_LOGIN_KEY, None)
        raise LoginPendingExpiredError()
    login_lock_check(request=request, username=user.get_username())
    try:
        method = two_factor_verify(user=user, code=code, request=request)
    except InvalidCodeError:
        login_failure_record(request=request, username=user.get_username(), stage=LoginStage.CODE, user=user)
        raise
    backend = request.session.pop(PENDING_LOGIN_KEY)["backend"]
    _login(request, user, backend=backend, method=method)
    return user


def _login(request: HttpRequest, user: AbstractBaseUser, *, backend: str, method: str) -> None:
    login(request, user, backend=backend)
    user_audit_record(action="auth.login", user=user, actor=user, request=request, after={"method": method})
