"""Writes of API tokens. Owners and managers manage their team's tokens; every change is audited."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.access import FULL_ACCESS_ROLES, require_team_role
from huntaze.api.auth import PREFIX_LENGTH, token_hash
from huntaze.api.models import EXPIRES_MAX_DAYS, NAME_MAX_LENGTH, ApiToken
from huntaze.api.selectors import api_token_get
from huntaze.audit.services import audit_record
from huntaze.core.exceptions import ValidationError


@transaction.atomic
def api_token_create(
    *, user: AbstractBaseUser, team_id: int, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``team_id`` and its secret, which is returned here once and never stored.

    With ``expires_in_days`` (1 to 3650) the token stops working that many days from now; without,
    it works until revoked. Raises ``NotFoundError`` outside the user's teams,
    ``PermissionDeniedError`` for chatters and ``ValidationError`` for an empty or too long name or
    an expiry out of range.
    """
    require_team_role(user, team_id=team_id, roles=FULL_ACCESS_ROLES)
    name = name.strip()
    if not name or len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("A token needs a name of 1 to %(max)d characters.") % {"max": NAME_MAX_LENGTH},
            extra={"field": "name"},
        )
    if expires_in_days is not None and not 1 <= expires_in_days <= EXPIRES_MAX_DAYS:
        raise ValidationError(
            _("A token expires after 1 to %(max)d days.") % {"max": EXPIRES_MAX_DAYS},
            extra={"field": "expires_in_days"},
        )
    secret = f"hz_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        team_id=team_id,
        created_by=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=token_hash(secret),
        expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    audit_record(
        action="api_token.create",
        actor=user,
        team_id=team_id,
        target=token,
        after={
            "name": name,
            "prefix": token.prefix,
            "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        },
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, user: AbstractBaseUser, token_id: int) -> ApiToken:
    """Revoke a token of one of the user's teams; revoking twice changes nothing.

    Raises ``NotFoundError`` for a token the user may not manage.
    """
    token = api_token_get(user=user, token_id=token_id, for_update=True)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            action="api_token.revoke",
            actor=user,
            team_id=token.team_id,
            target=token,
            before={"name": token.name, "prefix": token.prefix},
        )
    return token
