"""Reads of the hub: one card per account, in a fixed number of queries however many accounts.

An agency's hub lists dozens of creators; every figure is fetched for all of them at once
(grouped by account) rather than per card.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, Sum
from django.utils import timezone

from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.selectors import account_get, account_list
from huntaze.analytics.models import Recommendation
from huntaze.earnings.models import EarningsEntry, EarningStatus
from huntaze.fans.models import Fan
from huntaze.inbox.models import Chat
from huntaze.inbox.selectors import UNREAD
from huntaze.sync.health import AccountHealth, HealthState, accounts_health
from huntaze.sync.models import RunStatus, SyncRun

HUB_RECOMMENDATIONS = 3


@dataclass(slots=True)
class AccountCard:
    """What the hub shows of one account."""

    account: OnlyFansAccount
    health: AccountHealth
    active_run: SyncRun | None = None
    earnings_today_cents: int = 0
    new_fans_today: int = 0
    unread_chats: int = 0
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return str(HealthState(self.health.state).label)

    @property
    def lag_seconds(self) -> float | None:
        """The stalest stream's age (what "lag" means on the card)."""
        lags = [stream.lag_seconds for stream in self.health.streams if stream.lag_seconds is not None]
        return max(lags) if lags else None

    @property
    def last_error(self) -> str:
        failing = [s for s in self.health.streams if s.consecutive_failures and s.last_error_message]
        return failing[0].last_error_message if failing else ""

    @property
    def can_sync(self) -> bool:
        return self.health.state not in (HealthState.NEEDS_REAUTH, HealthState.PAUSED)


def account_today_start(account: OnlyFansAccount, now: datetime | None = None) -> datetime:
    """Midnight of the current day in the account's timezone (UTC if it is unknown)."""
    try:
        zone = ZoneInfo(account.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local_now = (now or timezone.now()).astimezone(zone)
    return datetime.combine(local_now.date(), time.min, tzinfo=zone)


def hub_cards(*, user: AbstractBaseUser | None, now: datetime | None = None) -> list[AccountCard]:
    """A card for every account the user may see."""
    return _cards(list(account_list(user=user)), now=now)


def hub_card(*, user: AbstractBaseUser | None, account_id: int) -> AccountCard:
    """One account's card (its live sync status fragment). ``NotFoundError`` if not visible."""
    return _cards([account_get(user=user, account_id=account_id)])[0]


def _cards(accounts: list[OnlyFansAccount], now: datetime | None = None) -> list[AccountCard]:
    if not accounts:
        return []
    ids = [account.pk for account in accounts]
    health = accounts_health(accounts=accounts, now=now)
    cards = {account.pk: AccountCard(account=account, health=health[account.pk]) for account in accounts}
    for run in SyncRun.objects.filter(
        account_id__in=ids, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
    ).order_by("created_at"):
        cards[run.account_id].active_run = run  # the newest one wins
    for rec in Recommendation.objects.filter(account_id__in=ids, priority__gt=0).select_related("fan"):
        recs = cards[rec.account_id].recommendations
        if len(recs) < HUB_RECOMMENDATIONS:  # the model's order: most important first
            recs.append(rec)
    unread = Chat.objects.filter(UNREAD, account_id__in=ids).values("account_id").annotate(n=Count("pk"))
    for row in unread.order_by():
        cards[row["account_id"]].unread_chats = row["n"]
    # "Today" is each creator's own day: one query per timezone in use (usually one or two).
    by_day_start: dict[datetime, list[int]] = defaultdict(list)
    for account in accounts:
        by_day_start[account_today_start(account, now)].append(account.pk)
    for start, group in by_day_start.items():
        earnings = (
            EarningsEntry.objects.filter(account_id__in=group, occurred_at__gte=start)
            .exclude(status=EarningStatus.CHARGEBACK)
            .values("account_id")
            .annotate(net=Sum("net_cents"))
            .order_by()
        )
        for row in earnings:
            cards[row["account_id"]].earnings_today_cents = row["net"] or 0
        fans = (
            Fan.objects.filter(account_id__in=group, subscribed_at__gte=start)
            .values("account_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in fans:
            cards[row["account_id"]].new_fans_today = row["n"]
    return [cards[pk] for pk in ids]
