"""The time window every analytics figure is computed over, and an account's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

from huntaze.accounts.models import OnlyFansAccount

DAY_SECONDS = 86_400


@dataclass(frozen=True, slots=True)
class Window:
    """``[since, until)``: ``since`` inclusive, ``until`` exclusive (windows tile), both aware."""

    since: datetime
    until: datetime

    def __post_init__(self) -> None:
        if timezone.is_naive(self.since) or timezone.is_naive(self.until) or self.since >= self.until:
            raise ValueError(f"not an aware, non-empty window: {self.since!r} .. {self.until!r}")

    @property
    def days(self) -> float:
        """Length in days (fractional): rates per month or week scale by it."""
        return (self.until - self.since).total_seconds() / DAY_SECONDS

    def previous(self) -> Window:
        """The window of the same length just before this one (for trends)."""
        return Window(since=self.since - (self.until - self.since), until=self.since)


def account_tz(account: OnlyFansAccount) -> ZoneInfo:
    """The account's time zone; UTC when the stored name is not a known zone."""
    try:
        return ZoneInfo(account.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def window_last(*, days: int, tz: ZoneInfo, until: datetime | None = None) -> Window:
    """The last ``days`` calendar days in ``tz`` up to ``until`` (default now), today included.

    It starts at local midnight so daily buckets are whole days of the creator's calendar.
    """
    until = until or timezone.now()
    first_day = until.astimezone(tz).date() - timedelta(days=days - 1)
    return Window(since=datetime.combine(first_day, time(), tzinfo=tz), until=until)


def window_ending(*, days: int, until: datetime) -> Window:
    """Exactly ``days`` x 24 h before ``until``: the rolling windows of the calibration rules."""
    return Window(since=until - timedelta(days=days), until=until)
