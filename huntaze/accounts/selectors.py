"""Reads of the accounts domain, always through ``access``."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import accessible_accounts, get_for_user, require_team_role, teams_of
from huntaze.accounts.choices import Role
from huntaze.accounts.models import Membership, OnlyFansAccount, Team
from huntaze.core.exceptions import NotFoundError

MEMBER_ADMIN_ROLES = (Role.OWNER,)


def account_list(*, user: AbstractBaseUser | None, team_id: int | None = None) -> QuerySet[OnlyFansAccount]:
    """The accounts the user may see, of one team if ``team_id`` is given."""
    accounts = accessible_accounts(user).select_related("team").order_by("username", "pk")
    if team_id is not None:
        accounts = accounts.filter(team_id=team_id)
    return accounts


def account_get(
    *, user: AbstractBaseUser | None, account_id: int, roles: tuple[str, ...] | None = None
) -> OnlyFansAccount:
    """One account the user may see (``NotFoundError`` otherwise).

    With ``roles``, the user must also hold one of them in the account's team
    (``PermissionDeniedError``): pages that manage an account refuse chatters up front.
    """
    account = get_for_user(OnlyFansAccount.objects.select_related("team"), user=user, via="", pk=account_id)
    if roles is not None:
        require_team_role(user, team_id=account.team_id, roles=roles)
    return account


def team_get(*, user: AbstractBaseUser | None, team_id: int, roles: tuple[str, ...] | None = None) -> Team:
    """One of the user's teams, or ``NotFoundError``; with ``roles``, one the user holds one of
    them in (``PermissionDeniedError`` otherwise)."""
    team = teams_of(user).filter(pk=team_id).first()
    if team is None:
        raise NotFoundError()
    if roles is not None:
        require_team_role(user, team_id=team.pk, roles=roles)
    return team


def membership_list(*, user: AbstractBaseUser | None, team_id: int) -> QuerySet[Membership]:
    """The members of a team with their assigned accounts, for its owners.

    Raises ``NotFoundError`` outside the user's teams and ``PermissionDeniedError`` for managers
    and chatters.
    """
    require_team_role(user, team_id=team_id, roles=MEMBER_ADMIN_ROLES)
    return (
        Membership.objects.filter(team_id=team_id)
        .select_related("user")
        .prefetch_related("accounts")
        .order_by("user__username", "pk")
    )


def membership_get(*, user: AbstractBaseUser | None, membership_id: int) -> Membership:
    """A membership of one of the user's teams (any role may look it up; services check the role).

    Raises ``NotFoundError`` for memberships of other teams.
    """
    membership = (
        Membership.objects.filter(pk=membership_id, team__in=teams_of(user))
        .select_related("team", "user")
        .first()
    )
    if membership is None:
        raise NotFoundError()
    return membership
