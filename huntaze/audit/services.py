"""Writing to the audit trail. Call inside the service's transaction so both commit together."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.http import HttpRequest

from huntaze.accounts.models import OnlyFansAccount
from huntaze.audit.models import AuditEvent
from huntaze.core.requestid import request_id_get


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor: AbstractBaseUser | None = None,
    actor_label: str | None = None,
    team_id: int | None = None,
    account_id: int | None = None,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. ``actor`` is the human; jobs pass ``actor_label='system:<job>'``."""
    label = actor_label or (actor.get_username() if actor is not None else "system")
    return AuditEvent.objects.create(
        action=action,
        actor_id=actor.pk if actor is not None else None,
        actor_label=label,
        team_id=team_id,
        account_id=account_id,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        before=before,
        after=after,
        request_id=getattr(request, "request_id", None) or request_id_get(),
        ip=_client_ip(request),
    )


def audit_record_for_account_row(
    *,
    action: str,
    target: models.Model,
    actor: AbstractBaseUser | None = None,
    actor_label: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """``audit_record`` for a row of one OnlyFans account (``target.account``), or for the account
    itself: team and account come from the row, so a caller cannot file the event under the wrong
    tenant."""
    account = target if isinstance(target, OnlyFansAccount) else target.account
    return audit_record(
        action=action,
        actor=actor,
        actor_label=actor_label,
        team_id=account.team_id,
        account_id=account.pk,
        target=target,
        before=before,
        after=after,
        request=request,
    )
