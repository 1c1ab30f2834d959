"""When fans are active and when they spend: hour x weekday in the account's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Sum

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.localtime import WeekdayHour
from huntaze.analytics.selectors.earnings import sales_in
from huntaze.analytics.window import Window
from huntaze.inbox.choices import Direction
from huntaze.inbox.models import Message

WEEKDAYS = 7  # index 0 = Monday (ISO weekday 1)
HOURS = 24
LEVELS = 4  # intensity classes of a non-empty cell, for the page's colour scale


@dataclass(frozen=True, slots=True)
class Heatmap:
    """``messages[weekday][hour]``: fan messages; ``sales`` and ``spend_cents``: standing sales."""

    messages: list[list[int]]
    sales: list[list[int]]
    spend_cents: list[list[int]]

    @property
    def total_messages(self) -> int:
        return sum(map(sum, self.messages))

    @property
    def total_sales(self) -> int:
        return sum(map(sum, self.sales))

    @property
    def total_spend_cents(self) -> int:
        return sum(map(sum, self.spend_cents))

    def by_hour(self, *, spend: bool) -> list[int]:
        """Totals per hour of the day over all weekdays."""
        grid = self.spend_cents if spend else self.messages
        return [sum(day[hour] for day in grid) for hour in range(HOURS)]

    def levels(self, *, spend: bool) -> list[list[int]]:
        """Each cell's intensity, 0 (nothing) to ``LEVELS``, relative to the busiest cell."""
        grid = self.spend_cents if spend else self.messages
        peak = max(map(max, grid))
        return [[0 if not value else 1 + (LEVELS - 1) * value // peak for value in day] for day in grid]


def _grid(rows: list[tuple], column: int, slots: WeekdayHour) -> list[list[int]]:
    grid = [[0] * HOURS for _ in range(WEEKDAYS)]
    for row in rows:
        weekday, hour = slots.decode(row[0])
        grid[weekday - 1][hour] += row[column] or 0
    return grid


def activity_heatmap(*, account: OnlyFansAccount, window: Window, tz: ZoneInfo) -> Heatmap:
    """Fan messages and standing sales of the window per ISO weekday and hour of ``tz``."""
    slots = WeekdayHour(tz=tz, window=window)
    messages = list(
        Message.objects.filter(
            account=account,
            direction=Direction.INCOMING,
            sent_at__gte=window.since,
            sent_at__lt=window.until,
            is_deleted=False,
        )
        .order_by()
        .annotate(slot=slots.expression("sent_at"))
        .values_list("slot")
        .annotate(count=Count("*"))
    )
    spend = list(
        sales_in(account, window)
        .annotate(slot=slots.expression("occurred_at"))
        .values_list("slot")
        .annotate(count=Count("*"), cents=Sum("gross_cents"))
    )
    return Heatmap(
        messages=_grid(messages, 1, slots), sales=_grid(spend, 1, slots), spend_cents=_grid(spend, 2, slots)
    )
