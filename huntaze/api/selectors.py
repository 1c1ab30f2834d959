"""Reads of API tokens: a team's owners and managers see all of its tokens, chatters none."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import FULL_ACCESS_ROLES, teams_of
from huntaze.api.models import ApiToken
from huntaze.core.exceptions import NotFoundError


def api_token_list(*, user: AbstractBaseUser | None) -> QuerySet[ApiToken]:
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
