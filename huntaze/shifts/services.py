"""Writes of shifts: owners and managers set chatters' shift windows and extend them; anyone
clocks in and out on an account they work on; a job clocks out whoever stays clocked in on an
account they may no longer work on (their shift ended). Every write is audited."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.access import FULL_ACCESS_ROLES, accessible_accounts, get_for_user
from huntaze.accounts.choices import Role
from huntaze.accounts.models import Membership, OnlyFansAccount
from huntaze.accounts.selectors import account_get, membership_get
from huntaze.audit.services import audit_record_for_account_row
from huntaze.core.exceptions import NotFoundError, ValidationError
from huntaze.shifts.choices import ClockKind
from huntaze.shifts.exceptions import ClockStateError
from huntaze.shifts.models import ClockEvent, Shift, ShiftExtension

EXTEND_MAX_HOURS = 24


def _chatter_on_account(
    *, actor: AbstractBaseUser, membership_id: int, account_id: int
) -> tuple[Membership, OnlyFansAccount]:
    """A chatter's membership and one of their accounts, for an owner or manager of the team.

    Raises ``NotFoundError`` outside the actor's teams, ``PermissionDeniedError`` for a chatter
    actor, ``ValidationError`` when the member is not a chatter working on that account.
    """
    membership = membership_get(user=actor, membership_id=membership_id)
    account = account_get(user=actor, account_id=account_id, roles=FULL_ACCESS_ROLES)
    if account.team_id != membership.team_id:
        raise NotFoundError()
    if membership.role != Role.CHATTER or not membership.accounts.filter(pk=account.pk).exists():
        raise ValidationError(
            _("Shifts are for chatters, on an account assigned to them."), extra={"field": "membership"}
        )
    return membership, account


@transaction.atomic
def shift_add(
    *,
    actor: AbstractBaseUser,
    membership_id: int,
    account_id: int,
    weekday: int,
    start_time: time,
    end_time: time,
) -> Shift:
    """Add a weekly shift window (account's time zone; an end before the start ends the next
    day). From its first shift on an account, the chatter works there only inside shifts."""
    membership, account = _chatter_on_account(actor=actor, membership_id=membership_id, account_id=account_id)
    if not 0 <= weekday <= 6:
        raise ValidationError(_("Pick a day of the week."), extra={"field": "weekday"})
    start_time, end_time = (
        start_time.replace(second=0, microsecond=0),
        end_time.replace(second=0, microsecond=0),
    )
    if start_time == end_time:
        raise ValidationError(
            _("A shift cannot start and end at the same time."), extra={"field": "end_time"}
        )
    shift = Shift.objects.create(
        membership=membership, account=account, weekday=weekday, start_time=start_time, end_time=end_time
    )
    audit_record_for_account_row(
        action="shift.add",
        actor=actor,
        target=shift,
        after={
            "user": membership.user.get_username(),
            "weekday": weekday,
            "start": start_time.isoformat("minutes"),
            "end": end_time.isoformat("minutes"),
        },
    )
    return shift


@transaction.atomic
def shift_remove(*, actor: AbstractBaseUser, shift_id: int) -> None:
    """Delete a shift (owners and managers of its account; audited). Removing a chatter's last
    shift on an account lifts the limit there."""
    shift = get_for_user(Shift.objects.select_related("membership__user", "account"), user=actor, pk=shift_id)
    account_get(user=actor, account_id=shift.account_id, roles=FULL_ACCESS_ROLES)
    audit_record_for_account_row(
        action="shift.remove",
        actor=actor,
        target=shift,
        before={
            "user": shift.membership.user.get_username(),
            "weekday": shift.weekday,
            "start": shift.start_time.isoformat("minutes"),
            "end": shift.end_time.isoformat("minutes"),
        },
    )
    shift.delete()


@transaction.atomic
def shift_extend(
    *, actor: AbstractBaseUser, membership_id: int, account_id: int, hours: int
) -> ShiftExtension:
    """Let a chatter work on the account for the next ``hours`` hours whatever their shifts
    (owners and managers; audited)."""
    membership, account = _chatter_on_account(actor=actor, membership_id=membership_id, account_id=account_id)
    if not 1 <= hours <= EXTEND_MAX_HOURS:
        raise ValidationError(
            _("Extend by 1 to %(max)s hours.") % {"max": EXTEND_MAX_HOURS}, extra={"field": "hours"}
        )
    extension = ShiftExtension.objects.create(
        membership=membership,
        account=account,
        until=timezone.now() + timedelta(hours=hours),
        created_by=actor,
    )
    audit_record_for_account_row(
        action="shift.extend",
        actor=actor,
        target=extension,
        after={"user": membership.user.get_username(), "until": extension.until.isoformat()},
    )
    return extension


@transaction.atomic
def clock_in(*, user: AbstractBaseUser, account_id: int) -> ClockEvent:
    """Clock in on an account the user may work on now (a chatter outside their shifts gets
    ``ShiftLockedError``); ``ClockStateError`` when already clocked in there. Audited."""
    account = account_get(user=user, account_id=account_id)
    return _clock(user=user, account=account, kind=ClockKind.IN)


@transaction.atomic
def clock_out(*, user: AbstractBaseUser, account_id: int) -> ClockEvent:
    """Clock out (also after the shift ended); ``ClockStateError`` when not clocked in. Audited."""
    account = accessible_accounts(user, ignore_shifts=True).filter(pk=account_id).first()
    if account is None:
        raise NotFoundError()
    return _clock(user=user, account=account, kind=ClockKind.OUT)


def _clock(*, user: AbstractBaseUser, account: OnlyFansAccount, kind: str) -> ClockEvent:
    # The user's row, locked: two clicks at once cannot both clock in.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    last = ClockEvent.objects.filter(account=account, user=user).order_by("-at", "-pk").first()
    current = last.kind if last is not None else ClockKind.OUT
    if current == kind:
        message = (
            _("You are already clocked in on @%(account)s.")
            if kind == ClockKind.IN
            else _("You are not clocked in on @%(account)s.")
        )
        raise ClockStateError(message % {"account": account.username}, extra={"account_id": account.pk})
    event = ClockEvent.objects.create(account=account, user=user, kind=kind, at=timezone.now())
    audit_record_for_account_row(action=f"shift.clock_{kind}", actor=user, target=event)
    return event


def clock_outs_overdue(*, now: datetime | None = None) -> int:
    """Clock out everyone still clocked in on an account they may not work on at ``now`` (their
    shift ended without an extension, or they were taken off the account), at ``now``; audited as
    the system. Run every few minutes, so on-shift hours (and revenue per hour) stop counting
    within minutes of a shift's end even when the chatter forgets. Returns how many."""
    now = now or timezone.now()
    later = ClockEvent.objects.filter(
        account_id=models.OuterRef("account_id"),
        user_id=models.OuterRef("user_id"),
        at__gt=models.OuterRef("at"),
    )
    open_ins = (
        ClockEvent.objects.filter(kind=ClockKind.IN, user__isnull=False, at__lte=now)
        .exclude(models.Exists(later))
        .select_related("user", "account")
    )
    closed = 0
    for clock_in in open_ins:
        if accessible_accounts(clock_in.user, at=now).filter(pk=clock_in.account_id).exists():
            continue
        with transaction.atomic():
            event = ClockEvent.objects.create(
                account=clock_in.account, user=clock_in.user, kind=ClockKind.OUT, at=now
            )
            audit_record_for_account_row(
                action="shift.clock_out",
                actor_label="system:shift_end",
                target=event,
                after={"automatic": True},
            )
        closed += 1
    return closed
