"""Writes of connected OnlyFans accounts: their session material (encrypted), status and settings."""

from __future__ import annotations

import asyncio
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.access import require_team_role
from huntaze.accounts.choices import AccountStatus, Role
from huntaze.accounts.connector import onlyfans_client
from huntaze.accounts.crypto import secret_decrypt, secret_encrypt, secret_rotate
from huntaze.accounts.exceptions import SessionMissingError
from huntaze.accounts.models import OnlyFansAccount, Team
from huntaze.accounts.selectors import account_get
from huntaze.audit.services import audit_record_for_account_row
from huntaze.core.exceptions import ValidationError
from huntaze.exports.services.retention import account_purge
from huntaze.presets.choices import PresetSlug
from huntaze.presets.selectors import preset_resolve

SESSION_FIELDS = ("sess", "auth_id", "x_bc", "user_agent")
CONNECT_ROLES = (Role.OWNER, Role.MANAGER)


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
    audit_record_for_account_row(
        action="account.create",
        actor=actor,
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
    audit_record_for_account_row(
        action="account.session_set",
        actor=actor,
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
    audit_record_for_account_row(
        action="account.status_change",
        actor_label=actor_label,
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


async def _authenticate(material: dict[str, Any]) -> Any:
    async with onlyfans_client(material) as client:
        return await client.authenticate()


def account_connect(
    *,
    team: Team,
    session: dict[str, Any],
    actor: AbstractBaseUser | None,
    request: Any = None,
    onlyfans_user_id: int | None = None,
) -> OnlyFansAccount:
    """Validate pasted session material against OnlyFans and store it encrypted.

    Checks the session with ``/users/me`` (logged in, a creator account, the same id as
    ``auth_id``) before anything is stored; connector errors (expired session, not a creator,
    2FA pending, unreachable) propagate with their own codes. Reconnecting an account of the
    team updates its session and identity and makes it active again. ``onlyfans_user_id``
    (re-authenticating one known account) refuses a session of any other account, before any
    network call, with a ``ValidationError``.
    """
    if actor is not None:
        require_team_role(actor, team_id=team.pk, roles=CONNECT_ROLES)
    missing = [name for name in SESSION_FIELDS if not str(session.get(name) or "").strip()]
    if missing:
        raise ValidationError("The OnlyFans session is incomplete.", extra={"missing": missing})
    material = {name: str(session[name]).strip() for name in SESSION_FIELDS}
    if not material["auth_id"].isdigit():
        raise ValidationError(
            _("auth_id is the number in the auth_id cookie (digits only)."), extra={"field": "auth_id"}
        )
    if onlyfans_user_id is not None and int(material["auth_id"]) != onlyfans_user_id:
        raise ValidationError(
            _("This session belongs to another OnlyFans account: log in as this account in your browser."),
            extra={"field": "auth_id"},
        )
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
        audit_record_for_account_row(
            action="account.connect",
            actor=actor,
            target=account,
            after={"onlyfans_user_id": me.id, "username": account.username},
            request=request,
        )
    return account


@transaction.atomic
def account_disconnect(*, user: AbstractBaseUser, account_id: int, delete_data: bool) -> OnlyFansAccount:
    """Stop syncing an account and wipe its session material (audited); with ``delete_data``,
    delete the account and everything synced or written for it now, otherwise once it has been
    disconnected for ``HUNTAZE_RETENTION_DAYS`` (``exports.tasks.accounts_purge_task``).

    The sync skips ``disconnected`` accounts; reconnecting (``account_connect``) makes one active
    again and stops the retention clock. Raises ``NotFoundError`` outside the user's access and
    ``PermissionDeniedError`` for chatters.
    """
    account = account_get(user=user, account_id=account_id)
    require_team_role(user, team_id=account.team_id, roles=CONNECT_ROLES)
    audit_record_for_account_row(
        action="account.disconnect",
        actor=user,
        target=account,
        before={"status": account.status},
        after={"status": AccountStatus.DISCONNECTED, "data_deleted": delete_data},
    )
    account.status = AccountStatus.DISCONNECTED
    if delete_data:
        account_purge(account=account, actor=user)
        return account
    account.session_ciphertext = None
    account.session_updated_at = None
    account.status_reason = ""
    account.save(
        update_fields=["session_ciphertext", "session_updated_at", "status", "status_reason", "updated_at"]
    )
    return account


@transaction.atomic
def account_preferences_set(
    *,
    user: AbstractBaseUser,
    account_id: int,
    preset_slug: str,
    timezone_name: str,
    suggestion_engine: str,
    request: Any = None,
) -> OnlyFansAccount:
    """Set an account's niche preset, time zone and suggestion engine (owners and managers, audited).

    ``""`` means the default for the preset and the engine. The account's preset overrides are
    validated against the new preset (``PresetOverrideInvalidError``). Raises ``NotFoundError``
    outside the user's access, ``PermissionDeniedError`` for chatters and ``ValidationError`` for
    an unknown preset, time zone or engine.
    """
    account = account_get(user=user, account_id=account_id, roles=CONNECT_ROLES)
    if preset_slug and preset_slug not in PresetSlug.values:
        raise ValidationError(_("Unknown niche preset."), extra={"field": "preset_slug"})
    if preset_slug:
        preset_resolve(slug=preset_slug, overrides=account.preset_overrides or {})
    try:
        ZoneInfo(timezone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Unknown time zone."), extra={"field": "timezone"}) from None
    engines = {value for value, _label in OnlyFansAccount._meta.get_field("suggestion_engine").choices}
    if suggestion_engine and suggestion_engine not in engines:
        raise ValidationError(_("Unknown suggestion engine."), extra={"field": "suggestion_engine"})
    fields = {"preset_slug": preset_slug, "timezone": timezone_name, "suggestion_engine": suggestion_engine}
    before = {name: getattr(account, name) for name in fields}
    if before != fields:
        for name, value in fields.items():
            setattr(account, name, value)
        account.save(update_fields=[*fields, "updated_at"])
        audit_record_for_account_row(
            action="account.preferences_set",
            actor=user,
            target=account,
            before=before,
            after=fields,
            request=request,
        )
    return account
