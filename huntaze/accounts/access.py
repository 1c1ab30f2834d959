"""Who may see which creator data: the one helper every query goes through.

Owners and managers see every OnlyFans account of their teams; chatters see only the
accounts assigned to them. Anything outside that is reported as *not found* (404),
never as forbidden, so ids of other tenants cannot be probed.

A chatter with shifts on an assigned account sees it only inside their shift windows (or an
extension): outside them the account drops out of every list, and asking for one of its rows is
a ``ShiftLockedError`` (403) that says when the next shift starts (``huntaze.shifts``).

A request authenticated by an API token is narrower still: ``user_limit_to_team`` marks the
user object of that request, and every helper here then ignores the user's other teams.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from huntaze.accounts.choices import Role
from huntaze.accounts.models import Membership, OnlyFansAccount, Team
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError
from huntaze.shifts.windows import shift_locked_error, shift_open_q

M = TypeVar("M", bound=models.Model)

FULL_ACCESS_ROLES = (Role.OWNER, Role.MANAGER)
_TEAM_LIMIT_ATTR = "_huntaze_team_limit"


def user_limit_to_team(user: AbstractBaseUser, *, team_id: int) -> None:
    """Restrict this user object (one request's, e.g. an API token's) to one team's data.

    Set on the instance, not the row: other requests of the same person keep their full access.
    """
    setattr(user, _TEAM_LIMIT_ATTR, team_id)


def _team_limit(user: AbstractBaseUser | None) -> int | None:
    return getattr(user, _TEAM_LIMIT_ATTR, None)


def _user_ok(user: AbstractBaseUser | None) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def accessible_accounts(
    user: AbstractBaseUser | None, *, at: datetime | None = None, ignore_shifts: bool = False
) -> QuerySet[OnlyFansAccount]:
    """The OnlyFans accounts ``user`` may see (none for anonymous or inactive users).

    A chatter's assigned account counts only while they may work on it at ``at`` (now by
    default) under their shifts; ``ignore_shifts`` lists it anyway (who may be assigned a chat,
    who may clock out after their shift ended).
    """
    if not _user_ok(user):
        return OnlyFansAccount.objects.none()
    full_teams = Membership.objects.filter(user=user, role__in=FULL_ACCESS_ROLES).values("team_id")
    assigned = Membership.accounts.through.objects.filter(
        membership__user=user,
        membership__role=Role.CHATTER,
        membership__team_id=models.OuterRef("team_id"),
        onlyfansaccount_id=models.OuterRef("pk"),
    )
    chatter = Q(models.Exists(assigned))
    if not ignore_shifts:
        chatter &= shift_open_q(
            at=at or timezone.now(),
            account=models.OuterRef("pk"),
            membership__user=user,
            membership__team_id=models.OuterRef("team_id"),
        )
    accounts = OnlyFansAccount.objects.filter(Q(team_id__in=full_teams) | chatter)
    if (team_id := _team_limit(user)) is not None:
        accounts = accounts.filter(team_id=team_id)
    return accounts


def scope_for_user(
    queryset: QuerySet[M], *, user: AbstractBaseUser | None, via: str = "account"
) -> QuerySet[M]:
    """Restrict ``queryset`` to rows whose account (reached through ``via``) the user may see.

    ``via`` is the lookup path from the model to its ``OnlyFansAccount`` (``""`` for the
    account model itself), e.g. ``"chat__account"``.
    """
    lookup = f"{via}__in" if via else "pk__in"
    return queryset.filter(**{lookup: accessible_accounts(user).values("pk")})


def get_for_user(
    queryset: QuerySet[M], *, user: AbstractBaseUser | None, via: str = "account", **lookup: object
) -> M:
    """One row the user may see, or ``NotFoundError`` (also when it exists in another tenant).

    A row of an assigned account the chatter's shifts close right now is a ``ShiftLockedError``
    instead (one more query, on that failing path only).
    """
    try:
        return scope_for_user(queryset, user=user, via=via).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        pass
    try:
        rows = queryset.filter(**lookup).values(via or "pk")
        shift_lock_raise(user, accounts=OnlyFansAccount.objects.filter(pk__in=rows))
    except (ValueError, TypeError):
        pass
    raise NotFoundError()


def shift_lock_raise(user: AbstractBaseUser | None, *, accounts: QuerySet[OnlyFansAccount]) -> None:
    """Raise ``ShiftLockedError`` if one of ``accounts`` is closed to ``user`` by their shifts
    only (assigned to them, but outside their shifts and extensions). One query, and one more
    to say when the next shift starts."""
    if not _user_ok(user):
        return
    now = timezone.now()
    memberships = Membership.objects.filter(
        user=user,
        role=Role.CHATTER,
        team_id=models.OuterRef("team_id"),
        accounts=models.OuterRef("pk"),
    )
    locked = (
        accessible_accounts(user, at=now, ignore_shifts=True)
        .filter(pk__in=accounts.values("pk"))
        .exclude(pk__in=accessible_accounts(user, at=now).values("pk"))
        .annotate(membership_id=models.Subquery(memberships.values("pk")[:1]))
        .first()
    )
    if locked is not None:
        raise shift_locked_error(membership_id=locked.membership_id, account=locked, at=now)


def role_in_team(user: AbstractBaseUser | None, team_id: int) -> str | None:
    if not _user_ok(user) or _team_limit(user) not in (None, team_id):
        return None
    return Membership.objects.filter(user=user, team_id=team_id).values_list("role", flat=True).first()


def require_team_role(user: AbstractBaseUser | None, *, team_id: int, roles: tuple[str, ...]) -> str:
    """The user's role in the team if it is one of ``roles``.

    A non-member gets ``NotFoundError`` (the team is invisible to them); a member
    with too small a role gets ``PermissionDeniedError``.
    """
    role = role_in_team(user, team_id)
    if role is None:
        raise NotFoundError()
    if role not in roles:
        raise PermissionDeniedError(extra={"required_roles": list(roles), "role": role})
    return role


def teams_of(user: AbstractBaseUser | None, *, roles: tuple[str, ...] | None = None) -> QuerySet[Team]:
    """The teams ``user`` belongs to (with one of ``roles`` if given)."""
    if not _user_ok(user):
        return Team.objects.none()
    # One ``filter()`` call: the role must be on the user's own membership, not any member's.
    membership = {"memberships__user": user} | ({"memberships__role__in": roles} if roles is not None else {})
    teams = Team.objects.filter(**membership)
    if (team_id := _team_limit(user)) is not None:
        teams = teams.filter(pk=team_id)
    return teams


def teams_owned_by(user: AbstractBaseUser | None) -> QuerySet[Team]:
    return teams_of(user, roles=(Role.OWNER,))
