"""Login throttling: failed attempts are rows, a lock is "too many recent rows".

5 failures for one username or 20 from one address within 15 minutes lock further attempts until
the oldest of them ages out of the window. A lock is checked before the password or code, so a
right one gets the same refusal as a wrong one while it lasts. Refused attempts are not counted:
a lock cannot be stretched forever by hammering it.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from huntaze.accounts.access import require_team_role
from huntaze.accounts.choices import Role
from huntaze.accounts.models import Membership
from huntaze.accounts.selectors import membership_get
from huntaze.audit.services import audit_record
from huntaze.security.choices import LockScope
from huntaze.security.exceptions import LoginLockedError
from huntaze.security.models import LoginFailure
from huntaze.security.selectors import (
    FAILURE_WINDOW,
    MAX_FAILURES_PER_IP,
    MAX_FAILURES_PER_USERNAME,
    client_ip,
    login_lock_seconds,
    username_key,
)
from huntaze.security.services.audit import user_audit_record


def login_lock_check(*, request: HttpRequest, username: str) -> None:
    """Raise ``LoginLockedError`` (with the wait) if this username or the caller's address is locked."""
    seconds = login_lock_seconds(username=username, ip=client_ip(request))
    if seconds:
        raise LoginLockedError(retry_after=seconds)


@transaction.atomic
def login_failure_record(
    *, request: HttpRequest, username: str, stage: str, user: AbstractBaseUser | None
) -> None:
    """Count one wrong password or code, audit it, and audit the lock it may complete.

    ``user`` is the account the attempt was against, if it exists (its teams get the events).
    Call it outside the transaction of the refused action, so the row survives the refusal.
    """
    now = timezone.now()
    ip = client_ip(request)
    key = username_key(username)
    LoginFailure.objects.filter(created_at__lte=now - FAILURE_WINDOW).delete()  # rows past use
    LoginFailure.objects.create(username=key, ip=ip, stage=stage, created_at=now)
    user_audit_record(
        action="auth.login_failed",
        user=user,
        actor=None,
        request=request,
        after={"username": key, "stage": stage},
    )
    recent = LoginFailure.objects.filter(created_at__gt=now - FAILURE_WINDOW)
    if recent.filter(username=key).count() == MAX_FAILURES_PER_USERNAME:
        user_audit_record(
            action="auth.lock",
            user=user,
            actor=None,
            request=request,
            after={"scope": LockScope.USERNAME, "username": key, "minutes": _window_minutes()},
        )
    if ip and recent.filter(ip=ip).count() == MAX_FAILURES_PER_IP:
        user_audit_record(
            action="auth.lock",
            user=None,
            actor=None,
            request=request,
            after={"scope": LockScope.IP, "ip": ip, "minutes": _window_minutes()},
        )


def _window_minutes() -> int:
    return int(FAILURE_WINDOW.total_seconds() // 60)


@transaction.atomic
def login_unlock(
    *, actor: AbstractBaseUser, membership_id: int, request: HttpRequest | None = None
) -> Membership:
    """Lift the lock-out of a member's username (their failures are forgotten), for the team's owners.

    Raises ``NotFoundError`` for a membership outside the actor's teams and
    ``PermissionDeniedError`` for managers and chatters. A lock of an *address* is not lifted:
    it expires by itself and may be someone else's attack.
    """
    membership = membership_get(user=actor, membership_id=membership_id)
    require_team_role(actor, team_id=membership.team_id, roles=(Role.OWNER,))
    key = username_key(membership.user.get_username())
    cleared, _ = LoginFailure.objects.filter(username=key).delete()
    audit_record(
        action="auth.unlock",
        actor=actor,
        team_id=membership.team_id,
        target=membership.user,
        after={"username": key, "failures_cleared": cleared},
        request=request,
    )
    return membership
