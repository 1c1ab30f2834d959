"""Reads of the accounts domain, always through ``access``."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import accessible_accounts, get_for_user, teams_of
from huntaze.accounts.models import OnlyFansAccount, Team
from huntaze.core.exceptions import NotFoundError


def account_list(*, user: AbstractBaseUser | None) -> QuerySet[OnlyFansAccount]:
    return accessible_accounts(user).select_related("team").order_by("username", "pk")


def account_get(*, user: AbstractBaseUser | None, account_id: int) -> OnlyFansAccount:
    return get_for_user(OnlyFansAccount.objects.all(), user=user, via="", pk=account_id)


def team_get(*, user: AbstractBaseUser | None, team_id: int) -> Team:
    """One of the user's teams, or ``NotFoundError``."""
    team = teams_of(user).filter(pk=team_id).first()
    if team is None:
        raise NotFoundError()
    return team
