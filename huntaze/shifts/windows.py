"""Is a chatter inside a shift window right now, in SQL, in each account's own time zone.

``accounts.access`` folds ``shift_open_q`` into the one query that lists a user's accounts, so
the shift lock costs no extra query on the path of a request that is allowed. Windows are
compared in local time: 18:00-02:00 on Monday in Europe/Paris means Paris' wall clock, across
daylight-saving changes too. PostgreSQL converts with ``AT TIME ZONE``; SQLite has no zone
database, so a small Python function registered on each SQLite connection does it (called for
the user's few shift rows only).

Imports nothing from ``accounts.access``: that module imports this one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import NotSupportedError
from django.db.models import Exists, F, Func, IntegerField, Q, QuerySet, TimeField
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from huntaze.shifts.exceptions import ShiftLockedError
from huntaze.shifts.models import Shift, ShiftExtension

Part = Literal["weekday", "yesterday", "time"]


def local_zone(name: str) -> ZoneInfo:
    """The named zone, or UTC for a name this system does not know."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _local_clock(part: str, at: str, zone_name: str) -> int | str:
    local = datetime.fromisoformat(at).astimezone(local_zone(zone_name))
    if part == "weekday":
        return local.weekday()
    if part == "yesterday":
        return (local.weekday() + 6) % 7
    return local.strftime("%H:%M:%S")  # how SQLite stores a TimeField: compared as text


def sqlite_functions_register(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: give SQLite the local clock function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("huntaze_local_clock", 3, _local_clock, deterministic=True)


class LocalClock(Func):
    """The instant ``at`` on the wall clock of the time zone named by ``zone`` (a column):
    its weekday (0 = Monday), the day before it, or its time of day."""

    def __init__(self, zone: str, *, at: datetime, part: Part) -> None:
        output = TimeField() if part == "time" else IntegerField()
        super().__init__(F(zone), output_field=output)
        self.at, self.part = at.astimezone(UTC).isoformat(), part

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("Shift windows need SQLite or PostgreSQL.")

    def as_sqlite(self, compiler, connection, **extra_context):
        zone, params = compiler.compile(self.source_expressions[0])
        return f"huntaze_local_clock(%s, %s, {zone})", (self.part, self.at, *params)

    def as_postgresql(self, compiler, connection, **extra_context):
        zone, params = compiler.compile(self.source_expressions[0])
        local = f"(%s::timestamptz AT TIME ZONE {zone})"
        sql = {
            "weekday": f"(EXTRACT(ISODOW FROM {local})::int - 1)",
            "yesterday": f"((EXTRACT(ISODOW FROM {local})::int + 5) %% 7)",
            "time": f"({local})::time",
        }[self.part]
        return sql, (self.at, *params)


def shifts_covering(shifts: QuerySet[Shift], *, at: datetime) -> QuerySet[Shift]:
    """The shifts whose window contains ``at`` in their account's time zone."""
    shifts = shifts.annotate(
        local_day=LocalClock("account__timezone", at=at, part="weekday"),
        local_yesterday=LocalClock("account__timezone", at=at, part="yesterday"),
        local_time=LocalClock("account__timezone", at=at, part="time"),
    )
    overnight = Q(end_time__lte=F("start_time"))
    started_today = Q(weekday=F("local_day"), start_time__lte=F("local_time")) & (
        Q(end_time__gt=F("local_time")) | overnight
    )
    started_yesterday = overnight & Q(weekday=F("local_yesterday"), end_time__gt=F("local_time"))
    return shifts.filter(started_today | started_yesterday)


def shift_open_q(*, at: datetime, **lookups: Any) -> Q:
    """A condition for an outer query: the membership and account that ``lookups`` name
    (``OuterRef``s) may work together at ``at``, i.e. the membership has no shift on the account,
    is inside one, or was given an extension that runs past ``at``."""
    shifts = Shift.objects.filter(**lookups)
    extended = ShiftExtension.objects.filter(until__gt=at, **lookups)
    return ~Exists(shifts) | Exists(shifts_covering(shifts, at=at)) | Exists(extended)


def shift_next_start(shifts: list[Shift], *, zone: ZoneInfo, at: datetime) -> datetime | None:
    """When the earliest of these weekly shifts next starts after ``at``, in ``zone``."""
    local = at.astimezone(zone)
    starts = []
    for shift in shifts:
        day = local.date() + timedelta(days=(shift.weekday - local.weekday()) % 7)
        start = datetime.combine(day, shift.start_time, tzinfo=zone)
        starts.append(start if start > local else start + timedelta(days=7))
    return min(starts, default=None)


def shift_locked_error(*, membership_id: int, account: Any, at: datetime) -> ShiftLockedError:
    """The 403 for a chatter outside their shifts on ``account``, saying when the next one starts."""
    shifts = list(Shift.objects.filter(membership_id=membership_id, account=account))
    zone = local_zone(account.timezone)
    starts = shift_next_start(shifts, zone=zone, at=at)
    extra: dict[str, Any] = {"account_id": account.pk, "timezone": account.timezone}
    if starts is None:
        return ShiftLockedError(extra=extra)
    message = _("Your shift on @%(account)s starts %(day)s %(time)s (%(timezone)s).") % {
        "account": account.username,
        "day": WEEKDAYS[starts.weekday()],
        "time": starts.strftime("%H:%M"),
        "timezone": account.timezone,
    }
    return ShiftLockedError(message, extra=extra | {"next_shift_starts_at": starts.isoformat()})
