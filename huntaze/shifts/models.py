"""Shift windows that limit a chatter's access to an account, owners' extensions of them, and
the clock-in/out record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from huntaze.shifts.choices import ClockKind


class Shift(models.Model):
    """A weekly window in the account's time zone during which a chatter may work on it.

    An end at or before the start crosses midnight (22:00-02:00 ends the next day). A chatter
    with at least one shift on an account is limited to its shifts there (``accounts.access``).
    """

    membership = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="shifts")
    account = models.ForeignKey("accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=sorted(WEEKDAYS.items()))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["weekday", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="shift_weekday_range"),
            models.CheckConstraint(
                condition=~models.Q(start_time=models.F("end_time")), name="shift_not_empty"
            ),
        ]
        indexes = [models.Index(fields=["account", "membership"], name="shift_account_member")]

    def __str__(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    @property
    def crosses_midnight(self) -> bool:
        return self.end_time <= self.start_time


class ShiftExtension(models.Model):
    """An owner's or manager's "let them work until ``until``" outside the chatter's shifts."""

    membership = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey("accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="+")
    until = models.DateTimeField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-until", "-pk"]
        indexes = [models.Index(fields=["account", "membership", "-until"], name="shiftext_account_member")]

    def __str__(self) -> str:
        return f"extension until {self.until:%Y-%m-%d %H:%M}"


class ClockEvent(models.Model):
    """A chatter clocking in or out on an account. ``user`` is emptied when the login is deleted
    (or not found when an export is imported elsewhere): the hours stay on the account."""

    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=3, choices=ClockKind.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["account", "user", "at"], name="clock_account_user_time"),
            models.Index(fields=["account", "at"], name="clock_account_time"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id} @ {self.at:%Y-%m-%d %H:%M}"
