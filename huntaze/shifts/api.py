"""Shift and clock routes. Thin: parse, call one service or selector, return a schema.

Everyone reads the shifts and clock events they may see (their own, or everyone's on the
accounts they manage) and clocks in and out; owners and managers add and remove shifts and
extend a chatter's access.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from huntaze.api.schemas import Id, PageOut
from huntaze.core.pagination import Page
from huntaze.shifts.models import ClockEvent, Shift, ShiftExtension
from huntaze.shifts.schemas import (
    ClockEventListParams,
    ClockEventOut,
    ClockIn,
    ShiftExtendIn,
    ShiftExtensionOut,
    ShiftIn,
    ShiftListParams,
    ShiftOut,
)
from huntaze.shifts.selectors import clock_event_page, shift_list
from huntaze.shifts.services import clock_in, clock_out, shift_add, shift_extend, shift_remove

router = Router()


@router.get("/shifts", response=list[ShiftOut])
def shifts_list(request: HttpRequest, params: Query[ShiftListParams]) -> list[Shift]:
    """Weekly shift windows (in each account's time zone) by account, day and start."""
    return list(shift_list(user=request.user, account_id=params.account_id))


@router.post("/shifts", response={201: ShiftOut})
def shifts_create(request: HttpRequest, payload: ShiftIn) -> Status[Shift]:
    """Add a chatter's shift on one of their accounts (owners and managers). From their first
    shift there, the chatter gets 403 ``shift_locked`` on that account outside their shifts."""
    return Status(201, shift_add(actor=request.user, **payload.dict()))


@router.delete("/shifts/{shift_id}", response={204: None})
def shifts_delete(request: HttpRequest, shift_id: Id) -> Status[None]:
    shift_remove(actor=request.user, shift_id=shift_id)
    return Status(204, None)


@router.post("/shift-extensions", response={201: ShiftExtensionOut})
def shift_extensions_create(request: HttpRequest, payload: ShiftExtendIn) -> Status[ShiftExtension]:
    """Let a chatter work on the account for the next ``hours`` hours, shifts or not."""
    return Status(201, shift_extend(actor=request.user, **payload.dict()))


@router.get("/clock-events", response=PageOut[ClockEventOut])
def clock_events_list(request: HttpRequest, params: Query[ClockEventListParams]) -> Page[ClockEvent]:
    """Clock-ins and outs, newest first."""
    return clock_event_page(user=request.user, **params.dict())


@router.post("/clock/in", response=ClockEventOut)
def clock_in_create(request: HttpRequest, payload: ClockIn) -> ClockEvent:
    """Clock in on an account you may work on now (422 ``clock_state`` when already in)."""
    return clock_in(user=request.user, account_id=payload.account_id)


@router.post("/clock/out", response=ClockEventOut)
def clock_out_create(request: HttpRequest, payload: ClockIn) -> ClockEvent:
    """Clock out, also after the shift ended (422 ``clock_state`` when not clocked in)."""
    return clock_out(user=request.user, account_id=payload.account_id)
