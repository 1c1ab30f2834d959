"""Session security: idle timeout, "log out everywhere", password change.

Every login stamps the session with the user's session epoch and the time it was last used
(``session_stamp``, run by Django's ``user_logged_in`` signal so no login path can skip it).
``session_check`` runs on every request: a session whose epoch is behind the user's (they
logged out everywhere) or that was idle too long is logged out. The stamps are read from the
user row loaded with the session (``SecurityStateBackend``), so the check costs no query; the
last-use time is written at most once a minute.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huntaze.security.models import UserSecurity
from huntaze.security.selectors import SESSION_EPOCH_KEY, SESSION_SEEN_KEY, session_epoch
from huntaze.security.services.audit import user_audit_record

SEEN_RESOLUTION_SECONDS = 60
# Sent by automatic polls (``hx-headers``): an open tab that polls is not someone using it, so
# such requests are checked like any other but do not count as activity.
BACKGROUND_HEADER = "X-Huntaze-Background"


def _now() -> int:
    return int(timezone.now().timestamp())


def session_stamp(sender: Any, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: remember the user's epoch and the login time in the new session."""
    request.session[SESSION_EPOCH_KEY] = session_epoch(user, fresh=True)
    request.session[SESSION_SEEN_KEY] = _now()


def session_check(request: HttpRequest) -> str | None:
    """Log out a stale session of ``request.user``; returns the message saying why, or ``None``.

    Stale: its epoch is older than the user's ("log out everywhere" happened since), it carries
    no stamps (not made by ``login()``), or it was unused for ``HUNTAZE_SESSION_IDLE_MINUTES``
    (requests with ``BACKGROUND_HEADER`` are not use).
    """
    if not request.user.is_authenticated:
        return None
    session = request.session
    if session.get(SESSION_EPOCH_KEY) != session_epoch(request.user):
        logout(request)
        return _("You were logged out on every device. Please log in again.")
    now, seen = _now(), session.get(SESSION_SEEN_KEY)
    minutes = settings.HUNTAZE_SESSION_IDLE_MINUTES
    if not isinstance(seen, int) or now - seen > minutes * 60:
        logout(request)
        return ngettext(
            "You were logged out after %(minutes)d minute without activity. Please log in again.",
            "You were logged out after %(minutes)d minutes without activity. Please log in again.",
            minutes,
        ) % {"minutes": minutes}
    if now - seen >= SEEN_RESOLUTION_SECONDS and not request.headers.get(BACKGROUND_HEADER):
        session[SESSION_SEEN_KEY] = now
    return None


def sessions_logout_everywhere(*, request: HttpRequest) -> None:
    """End every session of the logged-in user, this one included, on every device (audited)."""
    user = request.user
    with transaction.atomic():
        UserSecurity.objects.get_or_create(user_id=user.pk)
        UserSecurity.objects.filter(user_id=user.pk).update(session_epoch=F("session_epoch") + 1)
        user_audit_record(action="auth.logout_everywhere", user=user, actor=user, request=request)
    logout(request)


@transaction.atomic
def password_change(*, request: HttpRequest, user: AbstractBaseUser, password: str) -> None:
    """Set a new password (already validated). Other sessions end; this one stays logged in.

    Django ties each session to a hash of the password, so the others stop at their next
    request; ``update_session_auth_hash`` re-ties this one.
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    update_session_auth_hash(request, user)
    user_audit_record(action="auth.password_change", user=user, actor=user, request=request)
