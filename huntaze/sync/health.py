"""Sync health: per stream figures and one overall state with plain rules.

Overall state, first rule that matches:
- ``paused``: the account is disconnected (nothing is synced on purpose);
- ``needs_reauth``: the OnlyFans session expired or needs a 2FA/security check;
- ``failing``: a stream failed ``FAILING_AFTER`` times in a row, or has not succeeded for
  ``FAILING_LAG`` although it was tried;
- ``degraded``: a stream's last attempt failed, or its last success is older than ``DEGRADED_LAG``;
- ``healthy``: otherwise (including a first sync still running).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.choices import AccountStatus
from huntaze.accounts.models import OnlyFansAccount
from huntaze.sync.models import Stream, SyncState

FAILING_AFTER = 3
FAILING_LAG = timedelta(hours=2)
DEGRADED_LAG = timedelta(minutes=30)


class HealthState(TextChoices):
    HEALTHY = "healthy", _("Healthy")
    DEGRADED = "degraded", _("Degraded")
    FAILING = "failing", _("Failing")
    NEEDS_REAUTH = "needs_reauth", _("Needs re-auth")
    PAUSED = "paused", _("Paused")


@dataclass(frozen=True, slots=True)
class StreamHealth:
    stream: str
    last_success_at: datetime | None
    lag_seconds: float | None
    consecutive_failures: int
    last_error_class: str
    last_error_message: str
    requests_total: int
    rows_total: int


@dataclass(frozen=True, slots=True)
class AccountHealth:
    account_id: int
    state: str
    last_sync_at: datetime | None
    streams: list[StreamHealth]


def _stream_health(state: SyncState | None, stream: str, now: datetime) -> StreamHealth:
    if state is None:
        return StreamHealth(stream, None, None, 0, "", "", 0, 0)
    lag = (now - state.last_success_at).total_seconds() if state.last_success_at else None
    return StreamHealth(
        stream=stream,
        last_success_at=state.last_success_at,
        lag_seconds=lag,
        consecutive_failures=state.consecutive_failures,
        last_error_class=state.last_error_class,
        last_error_message=state.last_error_message,
        requests_total=state.requests_total,
        rows_total=state.rows_total,
    )


def _overall(account: OnlyFansAccount, states: list[SyncState], now: datetime) -> str:
    if account.status == AccountStatus.DISCONNECTED:
        return HealthState.PAUSED
    if account.status == AccountStatus.NEEDS_REAUTH:
        return HealthState.NEEDS_REAUTH
    for state in states:
        since_success = now - state.last_success_at if state.last_success_at else None
        never_succeeded_long = (
            state.last_success_at is None
            and state.last_attempt_at
            and (now - state.last_attempt_at > FAILING_LAG)
        )
        if (
            state.consecutive_failures >= FAILING_AFTER
            or never_succeeded_long
            or (since_success is not None and since_success > FAILING_LAG and state.consecutive_failures)
        ):
            return HealthState.FAILING
    if account.status == AccountStatus.ERROR:
        return HealthState.FAILING
    for state in states:
        stale = state.last_success_at is not None and now - state.last_success_at > DEGRADED_LAG
        if state.consecutive_failures or stale:
            return HealthState.DEGRADED
    return HealthState.HEALTHY


def account_health(*, account: OnlyFansAccount, now: datetime | None = None) -> AccountHealth:
    """The account's sync health (used by the API, the dashboard and the metrics)."""
    return accounts_health(accounts=[account], now=now)[account.pk]


def accounts_health(
    *, accounts: Iterable[OnlyFansAccount], now: datetime | None = None
) -> dict[int, AccountHealth]:
    """``account_health`` of many accounts in one query (the hub of an agency lists dozens)."""
    now = now or timezone.now()
    accounts = list(accounts)
    states: dict[int, dict[str, SyncState]] = {account.pk: {} for account in accounts}
    for state in SyncState.objects.filter(account_id__in=list(states)):
        states[state.account_id][state.stream] = state
    return {
        account.pk: AccountHealth(
            account_id=account.pk,
            state=_overall(account, list(states[account.pk].values()), now),
            last_sync_at=account.last_sync_at,
            streams=[_stream_health(states[account.pk].get(stream), stream, now) for stream in Stream.values],
        )
        for account in accounts
    }
