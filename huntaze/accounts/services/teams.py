"""Writes of teams and their members: roles, chatters' accounts, logins. Owners manage members."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.access import require_team_role
from huntaze.accounts.choices import Role
from huntaze.accounts.models import Membership, OnlyFansAccount, Team
from huntaze.accounts.selectors import MEMBER_ADMIN_ROLES, membership_get
from huntaze.audit.services import audit_record
from huntaze.core.exceptions import ValidationError


@transaction.atomic
def team_create(*, name: str, owner: AbstractBaseUser) -> Team:
    """Create a team with ``owner`` as its first owner."""
    base = slugify(name)[:50] or "team"
    slug, n = base, 1
    while Team.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    team = Team.objects.create(name=name, slug=slug)
    Membership.objects.create(team=team, user=owner, role=Role.OWNER)
    audit_record(action="team.create", actor=owner, team_id=team.pk, target=team, after={"name": name})
    return team


@transaction.atomic
def membership_set(
    *, team: Team, user: AbstractBaseUser, role: str, actor: AbstractBaseUser | None = None
) -> Membership:
    """Add ``user`` to ``team`` or change their role (audited).

    An ``actor`` must own the team (``NotFoundError`` outside it, ``PermissionDeniedError``
    otherwise); demoting the last owner is a ``ValidationError``.
    """
    if actor is not None:
        require_team_role(actor, team_id=team.pk, roles=MEMBER_ADMIN_ROLES)
    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}.", extra={"roles": Role.values})
    membership, created = Membership.objects.get_or_create(team=team, user=user, defaults={"role": role})
    before = None if created else {"role": membership.role}
    if not created and role != Role.OWNER:
        _last_owner_keep(membership)
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    audit_record(
        action="membership.set",
        actor=actor,
        team_id=team.pk,
        target=membership,
        before=before,
        after={"user": user.get_username(), "role": role},
    )
    return membership


@transaction.atomic
def membership_accounts_assign(
    *, membership: Membership, accounts: list[OnlyFansAccount], actor: AbstractBaseUser | None = None
) -> None:
    """Set the accounts a chatter works on; accounts of other teams are refused.

    An ``actor`` must own the membership's team (``PermissionDeniedError`` otherwise).
    """
    if actor is not None:
        require_team_role(actor, team_id=membership.team_id, roles=MEMBER_ADMIN_ROLES)
    foreign = [a.pk for a in accounts if a.team_id != membership.team_id]
    if foreign:
        raise ValidationError(
            "Accounts must belong to the membership's team.", extra={"account_ids": foreign}
        )
    before = sorted(membership.accounts.values_list("pk", flat=True))
    membership.accounts.set(accounts)
    audit_record(
        action="membership.assign_accounts",
        actor=actor,
        team_id=membership.team_id,
        target=membership,
        before={"account_ids": before},
        after={"account_ids": sorted(a.pk for a in accounts)},
    )


TEAM_WORKFLOW_FIELDS = (
    "assignment_mode",
    "max_open_chats",
    "first_response_target_minutes",
    "next_response_target_minutes",
    "attribution_model",
)


@transaction.atomic
def team_workflow_set(*, actor: AbstractBaseUser, team_id: int, **values: object) -> Team:
    """Change how the team's chat work runs (``TEAM_WORKFLOW_FIELDS``: assignment, capacity,
    response targets, sales attribution); owners only, audited with the fields that changed.

    Raises ``NotFoundError`` outside the actor's teams, ``PermissionDeniedError`` for others
    than owners, ``ValidationError`` for an unknown field or a value the model refuses.
    """
    require_team_role(actor, team_id=team_id, roles=MEMBER_ADMIN_ROLES)
    unknown = sorted(set(values) - set(TEAM_WORKFLOW_FIELDS))
    if unknown:
        raise ValidationError(f"Unknown team settings: {', '.join(unknown)}.", extra={"fields": unknown})
    team = Team.objects.select_for_update().get(pk=team_id)
    before = {name: getattr(team, name) for name in values if getattr(team, name) != values[name]}
    if before:
        for name in before:
            setattr(team, name, values[name])
        try:
            team.full_clean(exclude=[f.name for f in Team._meta.fields if f.name not in before])
        except DjangoValidationError as exc:
            raise ValidationError(
                " ".join(exc.messages), extra={"field": next(iter(exc.message_dict), None)}
            ) from None
        team.save(update_fields=[*before, "updated_at"])
        audit_record(
            action="team.workflow_set",
            actor=actor,
            team_id=team.pk,
            target=team,
            before=before,
            after={name: values[name] for name in before},
        )
        if "attribution_model" in before:
            # Credits made by the old model are recomputed (reassigned sales stay as an owner set them);
            # imported here because the attribution app builds on this one.
            from huntaze.attribution.tasks import attributions_team_refresh_enqueue

            attributions_team_refresh_enqueue(team_id=team.pk)
    return team


def _last_owner_keep(membership: Membership) -> None:
    """Refuse to demote or remove a team's only owner: nobody could manage the team any more.

    The owners' rows are locked so two owners demoting each other at once cannot both succeed.
    """
    owners = Membership.objects.select_for_update().filter(team_id=membership.team_id, role=Role.OWNER)
    if membership.role == Role.OWNER and set(owners.values_list("pk", flat=True)) == {membership.pk}:
        raise ValidationError(
            _("A team needs at least one owner: make someone else owner first."), extra={"field": "role"}
        )


@transaction.atomic
def membership_add(*, actor: AbstractBaseUser, team_id: int, username: str, role: str) -> Membership:
    """Add an existing, active user to a team the actor owns (audited by ``membership_set``).

    Raises ``NotFoundError``/``PermissionDeniedError`` like ``membership_set`` and
    ``ValidationError`` for an unknown username or someone already in the team.
    """
    require_team_role(actor, team_id=team_id, roles=MEMBER_ADMIN_ROLES)
    user = get_user_model().objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(_("No active user has this username."), extra={"field": "username"})
    if Membership.objects.filter(team_id=team_id, user=user).exists():
        raise ValidationError(_("This user is already a member of the team."), extra={"field": "username"})
    return membership_set(team=Team.objects.get(pk=team_id), user=user, role=role, actor=actor)


@transaction.atomic
def membership_user_create(
    *, actor: AbstractBaseUser, team_id: int, username: str, role: str
) -> tuple[Membership, str]:
    """Create a login for a new member of a team the actor owns; returns the membership and a
    temporary password.

    The password is returned here once and never stored in clear: the owner hands it over.
    Raises ``ValidationError`` for an invalid or taken username.
    """
    require_team_role(actor, team_id=team_id, roles=MEMBER_ADMIN_ROLES)
    user_model = get_user_model()
    username = username.strip()
    max_length = user_model._meta.get_field(user_model.USERNAME_FIELD).max_length
    try:
        user_model.username_validator(username)
    except DjangoValidationError:
        username = ""
    if not username or len(username) > max_length:
        raise ValidationError(
            _("A username has 1 to %(max)d letters, digits or @ . + - _ characters.") % {"max": max_length},
            extra={"field": "username"},
        )
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("This username is taken."), extra={"field": "username"})
    password = secrets.token_urlsafe(12)
    user = user_create(username=username, password=password)
    audit_record(
        action="user.create", actor=actor, team_id=team_id, target=user, after={"username": username}
    )
    return membership_set(team=Team.objects.get(pk=team_id), user=user, role=role, actor=actor), password


@transaction.atomic
def membership_remove(*, actor: AbstractBaseUser, membership_id: int) -> Membership:
    """Remove someone from a team the actor owns (audited); their API tokens of it stop working.

    Raises ``NotFoundError`` outside the actor's teams, ``PermissionDeniedError`` for non-owners
    and ``ValidationError`` for the last owner.
    """
    membership = membership_get(user=actor, membership_id=membership_id)
    require_team_role(actor, team_id=membership.team_id, roles=MEMBER_ADMIN_ROLES)
    _last_owner_keep(membership)
    audit_record(
        action="membership.remove",
        actor=actor,
        team_id=membership.team_id,
        target=membership,
        before={"user": membership.user.get_username(), "role": membership.role},
    )
    membership.delete()
    return membership


def user_create(*, username: str, password: str, email: str = "") -> AbstractBaseUser:
    return get_user_model().objects.create_user(username=username, password=password, email=email)


DEMO_USERNAME = "demo"
DEMO_TEAM_NAME = "Demo agency"


@transaction.atomic
def demo_team_ensure() -> tuple[Team, AbstractBaseUser, str | None]:
    """The demo team and its owner login, created once.

    Returns the password only when the user is created now (it is printed once and
    never stored in clear); later calls return ``None`` for it.
    """
    user_model = get_user_model()
    user = user_model.objects.filter(username=DEMO_USERNAME).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        user = user_create(username=DEMO_USERNAME, password=password)
    team = Team.objects.filter(memberships__user=user, memberships__role=Role.OWNER).first()
    if team is None:
        team = team_create(name=DEMO_TEAM_NAME, owner=user)
    return team, user, password
