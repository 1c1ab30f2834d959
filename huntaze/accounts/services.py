"""Writes of the accounts domain: teams, memberships, connected accounts and their secrets."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from huntaze.accounts.access import require_team_role
from huntaze.accounts.choices import AccountStatus, Role
from huntaze.accounts.connector import onlyfans_client
from huntaze.accounts.crypto import secret_decrypt, secret_encrypt, secret_rotate
from huntaze.accounts.exceptions import SessionMissingError
from huntaze.accounts.models import Membership, OnlyFansAccount, Team
from huntaze.accounts.selectors import account_get
from huntaze.audit.services import audit_record
from huntaze.core.exceptions import ValidationError

SESSION_FIELDS = ("sess", "auth_id", "x_bc", "user_agent")
CONNECT_ROLES = (Role.OWNER, Role.MANAGER)


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
    """Add ``user`` to ``team`` or change their role (audited)."""
    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}.", extra={"roles": Role.values})
    membership, created = Membership.objects.get_or_create(team=team, user=user, defaults={"role": role})
    before = None if created else {"role": membership.role}
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
    """Set the accounts a chatter works on; accounts of other teams are refused."""
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


def user_create(*, username: str, password: str, email: str = "") -> AbstractBaseUser:
    return get_user_model().objects.create_user(username=username, password=password, email=email)


@transaction.atomic
def account_create(
    *,
    team: Team,
    onlyfans_user_id: int,
    username: str,
    display_name: str = "",
    avatar_url: str = "",
    timezone_name: str = "UTC",
    preset_slug: str = "",
    session: dict[str, Any] | None = None,
    actor: AbstractBaseUser | None = None,
) -> OnlyFansAccount:
    """Register a connected OnlyFans account (session material encrypted if given)."""
    account = OnlyFansAccount(
        team=team,
        onlyfans_user_id=onlyfans_user_id,
        username=username,
        display_name=display_name,
        avatar_url=avatar_url,
        timezone=timezone_name,
        preset_slug=preset_slug,
    )
    if session is not None:
        _session_store(account, session)
    account.save()
    audit_record(
        action="account.create",
        actor=actor,
        team_id=team.pk,
        account_id=account.pk,
        target=account,
        after={"onlyfans_user_id": onlyfans_user_id, "username": username},
    )
    return account


def _session_store(account: OnlyFansAccount, session: dict[str, Any]) -> None:
    missing = [name for name in SESSION_FIELDS if not session.get(name)]
    if missing:
        raise ValidationError("The OnlyFans session is incomplete.", extra={"missing": missing})
    account.session_ciphertext = secret_encrypt({name: str(session[name]) for name in SESSION_FIELDS})
    account.session_updated_at = timezone.now()


@transaction.atomic
def account_session_set(
    *, account: OnlyFansAccount, session: dict[str, Any], actor: AbstractBaseUser | None = None
) -> None:
    """Store new session material encrypted and mark the account active (audited, no secret logged)."""
    _session_store(account, session)
    before = {"status": account.status}
    account.status = AccountStatus.ACTIVE
    account.status_reason = ""
    account.save(
        update_fields=["session_ciphertext", "session_updated_at", "status", "status_reason", "updated_at"]
    )
    audit_record(
        action="account.session_set",
        actor=actor,
        team_id=account.team_id,
        account_id=account.pk,
        target=account,
        before=before,
        after={"status": account.status},
    )


def account_session_get(*, account: OnlyFansAccount) -> dict[str, str]:
    """The decrypted session material, for the connector only. Never log or return it."""
    if not account.session_ciphertext:
        raise SessionMissingError(extra={"account_id": account.pk})
    return secret_decrypt(account.session_ciphertext)


@transaction.atomic
def account_status_set(
    *, account: OnlyFansAccount, status: str, reason: str = "", actor_label: str = "system"
) -> None:
    """Change an account's connection status (e.g. ``needs_reauth`` on an expired session)."""
    if status not in AccountStatus.values:
        raise ValidationError(f"Unknown account status {status!r}.")
    if account.status == status and account.status_reason == reason:
        return
    before = {"status": account.status, "reason": account.status_reason}
    account.status, account.status_reason = status, reason[:500]
    account.save(update_fields=["status", "status_reason", "updated_at"])
    audit_record(
        action="account.status_change",
        actor_label=actor_label,
        team_id=account.team_id,
        account_id=account.pk,
        target=account,
        before=before,
        after={"status": status, "reason": account.status_reason},
    )


def secrets_rotate(*, batch_size: int = 200) -> int:
    """Re-encrypt every stored session under the newest Fernet key; returns how many.

    Each batch commits on its own so a long rotation holds no long lock; rerunning is safe.
    """
    rotated = 0
    ids = list(
        OnlyFansAccount.objects.exclude(session_ciphertext=None).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            for account in OnlyFansAccount.objects.select_for_update().filter(
                pk__in=ids[start : start + batch_size]
            ):
                account.session_ciphertext = secret_rotate(account.session_ciphertext)
                account.save(update_fields=["session_ciphertext"])
                rotated += 1
    return rotated


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


async def _authenticate(material: dict[str, Any]) -> Any:
    async with onlyfans_client(material) as client:
        return await client.authenticate()


def account_connect(
    *, team: Team, session: dict[str, Any], actor: AbstractBaseUser | None, request: Any = None
) -> OnlyFansAccount:
    """Validate pasted session material against OnlyFans and store it encrypted.

    Checks the session with ``/users/me`` (logged in, a creator account, the same id as
    ``auth_id``) before anything is stored; connector errors (expired session, not a creator,
    2FA pending, unreachable) propagate with their own codes. Reconnecting an account of the
    team updates its session and identity and makes it active again.
    """
    if actor is not None:
        require_team_role(actor, team_id=team.pk, roles=CONNECT_ROLES)
    missing = [name for name in SESSION_FIELDS if not str(session.get(name) or "").strip()]
    if missing:
        raise ValidationError("The OnlyFans session is incomplete.", extra={"missing": missing})
    material = {name: str(session[name]).strip() for name in SESSION_FIELDS}
    me = asyncio.run(_authenticate(material))
    with transaction.atomic():
        existing = OnlyFansAccount.objects.select_for_update().filter(team=team, onlyfans_user_id=me.id)
        account = existing.first()
        if account is None:
            account = account_create(
                team=team,
                onlyfans_user_id=me.id,
                username=me.username or str(me.id),
                display_name=me.name or "",
                avatar_url=me.avatar or "",
                session=material,
                actor=actor,
            )
        else:
            account.username = me.username or account.username
            account.display_name = me.name or account.display_name
            account.avatar_url = me.avatar or account.avatar_url
            account.save(update_fields=["username", "display_name", "avatar_url", "updated_at"])
            account_session_set(account=account, session=material, actor=actor)
        audit_record(
            action="account.connect",
            actor=actor,
            team_id=team.pk,
            account_id=account.pk,
            target=account,
            after={"onlyfans_user_id": me.id, "username": account.username},
            request=request,
        )
    return account


@transaction.atomic
def account_disconnect(*, user: AbstractBaseUser, account_id: int, delete_data: bool) -> OnlyFansAccount:
    """Stop syncing an account and wipe its session material (audited); with ``delete_data``,
    delete the account and everything synced or written for it.

    The sync skips ``disconnected`` accounts; reconnecting (``account_connect``) makes one active
    again. Raises ``NotFoundError`` outside the user's access and ``PermissionDeniedError`` for
    chatters.
    """
    account = account_get(user=user, account_id=account_id)
    require_team_role(user, team_id=account.team_id, roles=CONNECT_ROLES)
    audit_record(
        action="account.disconnect",
        actor=user,
        team_id=account.team_id,
        account_id=account.pk,
        target=account,
        before={"status": account.status},
        after={"status": AccountStatus.DISCONNECTED, "data_deleted": delete_data},
    )
    account.status = AccountStatus.DISCONNECTED
    if delete_data:
        account.delete()
        return account
    account.session_ciphertext = None
    account.session_updated_at = None
    account.status_reason = ""
    account.save(
        update_fields=["session_ciphertext", "session_updated_at", "status", "status_reason", "updated_at"]
    )
    return account
