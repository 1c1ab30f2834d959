"""API shapes of shifts and the clock."""

from __future__ import annotations

from datetime import datetime, time

from ninja import Field, Schema

from huntaze.api.schemas import Id, PageParams
from huntaze.shifts.models import Shift
from huntaze.shifts.services import EXTEND_MAX_HOURS


class ShiftListParams(Schema):
    account_id: Id | None = None


class ShiftOut(Schema):
    id: int
    membership_id: int
    user_id: int
    username: str
    account_id: int
    weekday: int = Field(description="0 = Monday … 6 = Sunday.")
    start_time: time
    end_time: time = Field(description="At or before start_time: the shift ends the next day.")

    @staticmethod
    def resolve_user_id(shift: Shift) -> int:
        return shift.membership.user_id

    @staticmethod
    def resolve_username(shift: Shift) -> str:
        return shift.membership.user.get_username()


class ShiftIn(Schema):
    membership_id: Id
    account_id: Id
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday.")
    start_time: time = Field(description="Wall clock of the account's time zone.")
    end_time: time


class ShiftExtendIn(Schema):
    membership_id: Id
    account_id: Id
    hours: int = Field(ge=1, le=EXTEND_MAX_HOURS)


class ShiftExtensionOut(Schema):
    id: int
    membership_id: int
    account_id: int
    until: datetime


class ClockIn(Schema):
    account_id: Id


class ClockEventListParams(PageParams):
    account_id: Id | None = None


class ClockEventOut(Schema):
    id: int
    account_id: int
    user_id: int | None
    kind: str = Field(description="in or out.")
    at: datetime
