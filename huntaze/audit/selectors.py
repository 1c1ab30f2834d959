"""Reading the audit trail, scoped to what the user may see."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import teams_owned_by
from huntaze.audit.models import AuditEvent


def audit_event_list(*, user: AbstractBaseUser, account_id: int | None = None) -> QuerySet[AuditEvent]:
    """Events of the teams the user owns (the audit log is an owner's view)."""
    events = AuditEvent.objects.filter(team_id__in=teams_owned_by(user).values("id"))
    if account_id is not None:
        events = events.filter(account_id=account_id)
    return events
