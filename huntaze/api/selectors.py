"""Reads of API tokens: a team's owners and managers see all of its tokens, chatters none."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import FULL_ACCESS_ROLES, require_team_role, teams_of
from huntaze.api.models import ApiToken
from huntaze.core.exceptions import NotFoundError


def api_token_list(*, user: AbstractBaseUser | None, team_id: int | None = None) -> QuerySet[ApiToken]:
    """Tokens of the teams the user owns or manages, newest first.

    With ``team_id``, that team's only: ``NotFoundError`` outside the user's teams and
    ``PermissionDeniedError`` for a chatter of it.
    """
    if team_id is not None:
        require_team_role(user, team_id=team_id, roles=FULL_ACCESS_ROLES)
        return ApiToken.objects.filter(team_id=team_id).select_related("created_by")
    teams = teams_of(user, roles=FULL_ACCESS_ROLES).values("pk")
    return ApiToken.objects.filter(team_id__in=teams).select_related("created_by")


def api_token_get(*, user: AbstractBaseUser | None, token_id: int, for_update: bool = False) -> ApiToken:
    """One token the user may manage, or ``NotFoundError``."""
    tokens = api_token_list(user=user)
    if for_update:
        tokens = tokens.select_for_update(of=("self",))
    token = tokens.filter(pk=token_id).first()
    if token is None:
        raise NotFoundError()
    return token
