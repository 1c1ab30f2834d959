"""Reads of exports and of the retention schedule, always through ``accounts.access``."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.access import FULL_ACCESS_ROLES, get_for_user, require_team_role
from huntaze.accounts.choices import AccountStatus
from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.selectors import account_get
from huntaze.audit.models import AuditEvent
from huntaze.core.exceptions import PermissionDeniedError
from huntaze.exports.choices import ACTIVE_STATUSES
from huntaze.exports.models import Export

EXPORT_LIST_LIMIT = 20
MANAGERS_ONLY = _("Only the team's owners and managers can export an account's data.")
DISCONNECT_ACTION = "account.disconnect"


def _managers_only(user: AbstractBaseUser, *, team_id: int) -> None:
    try:
        require_team_role(user, team_id=team_id, roles=FULL_ACCESS_ROLES)
    except PermissionDeniedError as exc:
        raise PermissionDeniedError(MANAGERS_ONLY, extra=exc.extra) from None


def export_account_get(*, user: AbstractBaseUser, account_id: int) -> OnlyFansAccount:
    """An account the user may export: ``NotFoundError`` outside their access,
    ``PermissionDeniedError`` for its chatters (an export holds every chat and every sale)."""
    account = account_get(user=user, account_id=account_id)
    _managers_only(user, team_id=account.team_id)
    return account


def export_list(*, user: AbstractBaseUser, account_id: int, limit: int = EXPORT_LIST_LIMIT) -> list[Export]:
    """The account's newest exports, for the users who may export it (raises like
    ``export_account_get``)."""
    account = export_account_get(user=user, account_id=account_id)
    return list(Export.objects.filter(account=account).select_related("requested_by")[:limit])


def export_get(*, user: AbstractBaseUser, export_id: int) -> Export:
    """One export of an account the user may export.

    Raises ``NotFoundError`` for other tenants' exports (and unknown ids) and
    ``PermissionDeniedError`` for chatters of the account.
    """
    export = get_for_user(Export.objects.select_related("account", "requested_by"), user=user, pk=export_id)
    _managers_only(user, team_id=export.account.team_id)
    return export


def export_paths(*, account_id: int) -> list[Path]:
    """Where the files of the account's exports are (those that still exist; the purge removes them)."""
    names = (
        Export.objects.filter(account_id=account_id).exclude(file_name="").values_list("file_name", flat=True)
    )
    return [Path(settings.HUNTAZE_EXPORT_DIR) / name for name in names]


def exports_active(exports: list[Export]) -> bool:
    """Whether a page showing ``exports`` should keep polling for progress."""
    return any(export.status in ACTIVE_STATUSES for export in exports)


def accounts_due_for_purge(*, now: datetime | None = None) -> QuerySet[OnlyFansAccount]:
    """Disconnected accounts whose last disconnect is older than ``HUNTAZE_RETENTION_DAYS``.

    The disconnect time is the audit event ``account_disconnect`` writes in its transaction (the
    trail is append-only, so the clock cannot be reset by any later edit of the account). An
    account without such an event (e.g. one recreated by an import) is never purged on its own.
    """
    now = now or timezone.now()
    last_disconnect = (
        AuditEvent.objects.filter(account_id=OuterRef("pk"), action=DISCONNECT_ACTION)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        OnlyFansAccount.objects.filter(status=AccountStatus.DISCONNECTED)
        .annotate(disconnected_at=Subquery(last_disconnect))
        .filter(disconnected_at__lte=now - timedelta(days=settings.HUNTAZE_RETENTION_DAYS))
        .order_by("pk")
    )
