"""Security events in the audit trail of every team the user belongs to.

The audit log is read per team by its owners, and a login is not about one team: each team the
user is in gets its own copy of the event, so every owner sees their members' logins and 2FA
changes. A user in no team (or an unknown username) gets one event without a team.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from huntaze.accounts.models import Membership
from huntaze.audit.services import audit_record

ANONYMOUS_LABEL = "anonymous"


def user_audit_record(
    *,
    action: str,
    user: AbstractBaseUser | None,
    actor: AbstractBaseUser | None = None,
    actor_label: str = ANONYMOUS_LABEL,
    request: HttpRequest | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Record ``action`` about ``user`` once per team of theirs.

    ``actor`` is who acted: the user themself, one of their owners, or ``None`` for someone not
    logged in (a failed login, labelled ``anonymous``) or an operator (pass ``actor_label``).
    """
    team_ids = list(Membership.objects.filter(user=user).values_list("team_id", flat=True)) if user else []
    for team_id in team_ids or [None]:
        audit_record(
            action=action,
            actor=actor,
            actor_label=None if actor is not None else actor_label,
            team_id=team_id,
            target=user,
            before=before,
            after=after,
            request=request,
        )
