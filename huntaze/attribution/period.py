"""The period a performance report covers, as the page and the API choose it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from huntaze.analytics.choices import Period
from huntaze.analytics.window import Window, window_last
from huntaze.core.exceptions import ValidationError

MAX_RANGE_DAYS = 366


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """The last ``days`` days (7, 30 or 90, today included), or the whole days from ``start`` to
    ``end`` (both included), in the account's calendar. ``ValidationError`` when it makes no sense."""

    days: int = Period.MONTH
    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.days not in Period.values:
            raise ValidationError(_("This period is not offered."), extra={"field": "days"})
        if (self.start is None) != (self.end is None):
            raise ValidationError(_("Give both dates, or neither."), extra={"field": "start"})
        if self.start is not None and self.end is not None:
            if self.start > self.end:
                raise ValidationError(
                    _("The first day must not be after the last."), extra={"field": "start"}
                )
            if (self.end - self.start).days >= MAX_RANGE_DAYS:
                raise ValidationError(
                    _("Choose at most %(days)s days.") % {"days": MAX_RANGE_DAYS}, extra={"field": "end"}
                )

    def window(self, *, tz: ZoneInfo, now: datetime | None = None) -> Window:
        if self.start is None or self.end is None:
            return window_last(days=self.days, tz=tz, until=now)
        return Window(
            since=datetime.combine(self.start, time(), tzinfo=tz),
            until=datetime.combine(self.end + timedelta(days=1), time(), tzinfo=tz),
        )

    def query(self) -> str:
        """As a query string, for links that keep it (the CSV export, a reassignment)."""
        if self.start is not None and self.end is not None:
            return urlencode({"start": self.start.isoformat(), "end": self.end.isoformat()})
        return urlencode({"days": self.days})
