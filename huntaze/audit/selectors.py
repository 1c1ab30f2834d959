"""Reading the audit trail, scoped to what the user may see."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.access import require_team_role, teams_owned_by
from huntaze.accounts.choices import Role
from huntaze.audit.models import AuditEvent
from huntaze.core.exceptions import PermissionDeniedError
from huntaze.core.pagination import Page, paginate

AUDIT_ROLES = (Role.OWNER,)
OWNERS_ONLY = _("Only the team's owners can read its audit log.")
# What a job writes when it acts for a human: ``outbound_send`` files "user:<approver id>".
_ON_BEHALF = re.compile(r"^user:(\d{1,18})$")


def audit_event_list(
    *,
    user: AbstractBaseUser,
    account_id: int | None = None,
    team_id: int | None = None,
    actor_label: str | None = None,
    action: str | None = None,
) -> QuerySet[AuditEvent]:
    """Events of the teams the user owns (the audit log is an owner's view), newest first.

    With ``team_id``, that team's only: ``NotFoundError`` outside the user's teams and
    ``PermissionDeniedError`` for a manager or chatter of it.
    """
    if team_id is not None:
        try:
            require_team_role(user, team_id=team_id, roles=AUDIT_ROLES)
        except PermissionDeniedError as exc:
            raise PermissionDeniedError(OWNERS_ONLY, extra=exc.extra) from None
        events = AuditEvent.objects.filter(team_id=team_id)
    else:
        events = AuditEvent.objects.filter(team_id__in=teams_owned_by(user).values("id"))
    return _filtered(events, account_id=account_id, actor_label=actor_label, action=action)


def _filtered(
    events: QuerySet[AuditEvent], *, account_id: int | None, actor_label: str | None, action: str | None
) -> QuerySet[AuditEvent]:
    if account_id is not None:
        events = events.filter(account_id=account_id)
    if actor_label:
        events = events.filter(actor_label=actor_label)
    if action:
        events = events.filter(action=action)
    return events


@dataclass(frozen=True, slots=True)
class AuditLog:
    """One page of a team's trail and what its filters can choose from."""

    page: Page[AuditEvent]
    actions: list[str]
    actors: list[tuple[str, str]]  # (actor_label, what to show)


def audit_log(
    *,
    user: AbstractBaseUser,
    team_id: int,
    account_id: int | None = None,
    actor_label: str | None = None,
    action: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> AuditLog:
    """A page of a team's events, newest first, filtered, for its owners (a fixed number of queries).

    Each event gets ``actor_name``: the username behind a job's ``user:<id>`` label, so the log says
    whose approval a worker's send carried out. Raises like ``audit_event_list`` and
    ``InvalidCursorError``.
    """
    events = audit_event_list(user=user, team_id=team_id).order_by()
    page = paginate(
        _filtered(events, account_id=account_id, actor_label=actor_label, action=action),
        sort="created_at",
        cursor=cursor,
        limit=limit,
    )
    labels = sorted(set(events.values_list("actor_label", flat=True).distinct()))
    names = audit_actor_names(labels)
    for event in page.items:
        event.actor_name = names.get(event.actor_label, event.actor_label)
    return AuditLog(
        page=page,
        actions=sorted(set(events.values_list("action", flat=True).distinct())),
        actors=[(label, names.get(label, label)) for label in labels],
    )


def audit_actor_names(labels: list[str]) -> dict[str, str]:
    """``{"user:<id>": username}`` for the labels jobs file on a human's behalf (one query)."""
    ids = {int(match[1]): label for label in labels if (match := _ON_BEHALF.match(label))}
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).values_list("pk", "username")
    return {ids[pk]: username for pk, username in users}
