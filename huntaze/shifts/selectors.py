"""Reads of shifts and the clock: who is clocked in, for how long, and each team's schedule.

``chatters_on_shift`` and ``on_shift_seconds`` are what sales attribution and the per-chatter
figures read: they take ids and trust the caller's access check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from huntaze.accounts.access import FULL_ACCESS_ROLES, accessible_accounts, require_team_role, scope_for_user
from huntaze.accounts.choices import Role
from huntaze.accounts.models import Membership, OnlyFansAccount
from huntaze.core.exceptions import NotFoundError
from huntaze.core.pagination import Page, paginate
from huntaze.shifts.choices import ClockKind
from huntaze.shifts.models import ClockEvent, Shift, ShiftExtension
from huntaze.shifts.windows import local_zone, shift_next_start

CLOCK_LOG_DAYS = 14


def chatters_on_shift(*, account_id: int, at: datetime) -> set[int]:
    """Ids of the users clocked in on the account at ``at``: their last clock event at or
    before ``at`` there is "in"."""
    latest = (
        ClockEvent.objects.filter(account_id=account_id, user_id=OuterRef("user_id"), at__lte=at)
        .order_by("-at", "-pk")
        .values("pk")[:1]
    )
    ins = ClockEvent.objects.filter(account_id=account_id, kind=ClockKind.IN, at__lte=at, user__isnull=False)
    return set(ins.filter(pk=Subquery(latest)).values_list("user_id", flat=True))


def on_shift_seconds(*, account_id: int, user_id: int, start: datetime, end: datetime) -> float:
    """Seconds the user was clocked in on the account between ``start`` and ``end`` (a shift
    still open counts up to ``end`` or now, whichever is earlier). Two queries."""
    end = min(end, timezone.now())
    if end <= start:
        return 0.0
    events = ClockEvent.objects.filter(account_id=account_id, user_id=user_id)
    before = events.filter(at__lte=start).order_by("-at", "-pk").values_list("kind", flat=True).first()
    since = start if before == ClockKind.IN else None
    total = 0.0
    for kind, at in events.filter(at__gt=start, at__lt=end).order_by("at", "pk").values_list("kind", "at"):
        if kind == ClockKind.IN and since is None:
            since = at
        elif kind == ClockKind.OUT and since is not None:
            total += (at - since).total_seconds()
            since = None
    if since is not None:
        total += (end - since).total_seconds()
    return total


def clock_state(*, user: AbstractBaseUser, account_ids: list[int]) -> dict[int, ClockEvent]:
    """The user's last clock event on each of these accounts (absent: never clocked)."""
    latest = (
        ClockEvent.objects.filter(user=user, account_id=OuterRef("account_id"))
        .order_by("-at", "-pk")
        .values("pk")[:1]
    )
    events = ClockEvent.objects.filter(user=user, account_id__in=account_ids, pk=Subquery(latest))
    return {event.account_id: event for event in events}


@dataclass(slots=True)
class ClockSession:
    """One stretch of work: clocked in (``started_at``) until clocked out (``ended_at``, or
    ``None`` while it runs; ``started_at`` ``None`` when it began before the log's window)."""

    account: OnlyFansAccount
    user: AbstractBaseUser | None
    started_at: datetime | None
    ended_at: datetime | None

    @property
    def seconds(self) -> float | None:
        if self.started_at is None:
            return None
        return ((self.ended_at or timezone.now()) - self.started_at).total_seconds()

    @property
    def duration(self) -> str:
        """``H:MM``, or ``—`` when the start is before the log's window."""
        if self.seconds is None:
            return "—"
        minutes = int(self.seconds // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"


def clock_sessions(*, user: AbstractBaseUser, team_id: int, days: int = CLOCK_LOG_DAYS) -> list[ClockSession]:
    """The team's clock-ins and outs of the last ``days`` days paired into sessions, newest first.

    Owners and managers see everyone's; a chatter sees their own. Raises ``NotFoundError``
    outside the team.
    """
    role = require_team_role(user, team_id=team_id, roles=tuple(Role.values))
    events = scope_for_user(ClockEvent.objects.all(), user=user).filter(
        account__team_id=team_id, at__gte=timezone.now() - timedelta(days=days)
    )
    if role not in FULL_ACCESS_ROLES:
        events = events.filter(user=user)
    open_by: dict[tuple[int, int | None], ClockSession] = {}
    sessions: list[ClockSession] = []
    for event in events.select_related("account", "user").order_by("at", "pk"):
        key = (event.account_id, event.user_id)
        running = open_by.pop(key, None)
        if event.kind == ClockKind.IN:
            if running is not None:  # two ins in a row: the first was never closed
                sessions.append(running)
            open_by[key] = ClockSession(event.account, event.user, event.at, None)
        elif running is not None:
            running.ended_at = event.at
            sessions.append(running)
        else:
            sessions.append(ClockSession(event.account, event.user, None, event.at))
    sessions.extend(open_by.values())
    return sorted(sessions, key=lambda s: s.ended_at or s.started_at or timezone.now(), reverse=True)


@dataclass(slots=True)
class ChatterSchedule:
    membership: Membership
    accounts: list[OnlyFansAccount]
    shifts: list[Shift] = field(default_factory=list)
    extensions: list[ShiftExtension] = field(default_factory=list)


def shift_schedule(*, user: AbstractBaseUser, team_id: int) -> list[ChatterSchedule]:
    """The team's chatters with their accounts, shifts and running extensions. Owners and
    managers see every chatter; a chatter sees themself. Raises ``NotFoundError`` outside the team."""
    role = require_team_role(user, team_id=team_id, roles=tuple(Role.values))
    memberships = Membership.objects.filter(team_id=team_id, role=Role.CHATTER)
    if role not in FULL_ACCESS_ROLES:
        memberships = memberships.filter(user=user)
    accounts = OnlyFansAccount.objects.order_by("username", "pk")
    memberships = (
        memberships.select_related("user")
        .order_by("user__username", "pk")
        .prefetch_related(
            Prefetch("accounts", queryset=accounts),
            Prefetch("shifts", queryset=Shift.objects.select_related("account")),
        )
    )
    extensions = ShiftExtension.objects.filter(
        membership__in=memberships, until__gt=timezone.now()
    ).select_related("account")
    by_membership: dict[int, list[ShiftExtension]] = {}
    for extension in extensions:
        by_membership.setdefault(extension.membership_id, []).append(extension)
    return [
        ChatterSchedule(
            membership=membership,
            accounts=list(membership.accounts.all()),
            shifts=list(membership.shifts.all()),
            extensions=by_membership.get(membership.pk, []),
        )
        for membership in memberships
    ]


def _visible_and_managed(user: AbstractBaseUser) -> tuple[QuerySet, QuerySet]:
    """Ids of the accounts the user works on (shifts ignored: one sees one's own shifts and clock
    even outside them) and of those among them the user manages (owner or manager)."""
    visible = accessible_accounts(user, ignore_shifts=True)
    managed = visible.filter(team__memberships__user=user, team__memberships__role__in=FULL_ACCESS_ROLES)
    return visible.values("pk"), managed.values("pk")


def _account_check(user: AbstractBaseUser, account_id: int) -> None:
    if not accessible_accounts(user, ignore_shifts=True).filter(pk=account_id).exists():
        raise NotFoundError()


def shift_list(*, user: AbstractBaseUser, account_id: int | None = None) -> QuerySet[Shift]:
    """Every chatter's shifts on the accounts the user manages, and the user's own.
    Raises ``NotFoundError`` for an account the user cannot see."""
    visible, managed = _visible_and_managed(user)
    shifts = Shift.objects.filter(Q(account__in=managed) | Q(membership__user=user, account__in=visible))
    if account_id is not None:
        _account_check(user, account_id)
        shifts = shifts.filter(account_id=account_id)
    return shifts.select_related("membership__user", "account").order_by(
        "account_id", "weekday", "start_time", "pk"
    )


def clock_event_page(
    *, user: AbstractBaseUser, cursor: str | None, limit: int, account_id: int | None = None
) -> Page[ClockEvent]:
    """Clock events, newest first: everyone's on the accounts the user manages, the user's own
    elsewhere. Raises ``NotFoundError`` for an account the user cannot see, ``InvalidCursorError``."""
    visible, managed = _visible_and_managed(user)
    events = ClockEvent.objects.filter(Q(account__in=managed) | Q(user=user, account__in=visible))
    if account_id is not None:
        _account_check(user, account_id)
        events = events.filter(account_id=account_id)
    return paginate(events.select_related("user"), sort="at", cursor=cursor, limit=limit)


@dataclass(slots=True)
class AccountShiftStatus:
    """A chatter's situation on one of their accounts right now."""

    account: OnlyFansAccount
    open_now: bool
    limited: bool
    clocked_in_since: datetime | None
    extended_until: datetime | None
    next_start: datetime | None


@dataclass(slots=True)
class ShiftsPage:
    role: str
    schedule: list[ChatterSchedule]
    sessions: list[ClockSession]
    mine: list[AccountShiftStatus]


def shifts_page(*, user: AbstractBaseUser, team_id: int) -> ShiftsPage:
    """The shifts page of a team: the schedule (everyone's for owners and managers, one's own
    for a chatter), the clock log with durations, and a chatter's status on each of their
    accounts. Raises ``NotFoundError`` outside the team."""
    role = require_team_role(user, team_id=team_id, roles=tuple(Role.values))
    schedule = shift_schedule(user=user, team_id=team_id)
    mine: list[AccountShiftStatus] = []
    own = next((row for row in schedule if row.membership.user_id == user.pk), None)
    if own is not None and own.accounts:
        ids = [account.pk for account in own.accounts]
        now = timezone.now()
        open_ids = set(accessible_accounts(user, at=now).filter(pk__in=ids).values_list("pk", flat=True))
        clock = clock_state(user=user, account_ids=ids)
        for account in own.accounts:
            shifts = [shift for shift in own.shifts if shift.account_id == account.pk]
            event = clock.get(account.pk)
            mine.append(
                AccountShiftStatus(
                    account=account,
                    open_now=account.pk in open_ids,
                    limited=bool(shifts),
                    clocked_in_since=event.at if event is not None and event.kind == ClockKind.IN else None,
                    extended_until=max(
                        (e.until for e in own.extensions if e.account_id == account.pk), default=None
                    ),
                    next_start=shift_next_start(shifts, zone=local_zone(account.timezone), at=now),
                )
            )
    return ShiftsPage(
        role=role, schedule=schedule, sessions=clock_sessions(user=user, team_id=team_id), mine=mine
    )
