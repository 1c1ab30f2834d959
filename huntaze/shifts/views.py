"""The shifts page: owners and managers set each chatter's weekly shifts per account, extend
them and read the clock log; a chatter sees their shifts and status and clocks in and out.

Plain forms that post and come back to the page (the schedule changes rarely); a refused
change comes back as a message, nothing saved.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huntaze.accounts.access import FULL_ACCESS_ROLES
from huntaze.core.exceptions import ValidationError
from huntaze.shifts.choices import ClockKind
from huntaze.shifts.forms import ClockForm, ExtendForm, ShiftForm
from huntaze.shifts.selectors import shifts_page
from huntaze.shifts.services import clock_in, clock_out, shift_add, shift_extend, shift_remove
from huntaze.shifts.windows import local_zone
from huntaze.web.selection import selected_team


def _back(request: HttpRequest) -> HttpResponse:
    team = selected_team(request)
    return redirect(f"{reverse('shifts:index')}?team={team.pk}" if team is not None else "shifts:index")


def _parsed(request: HttpRequest, form: forms.Form) -> dict | None:
    if form.is_valid():
        return form.cleaned_data
    problems = "; ".join(
        f"{form.fields[name].label or name}: {' '.join(errors)}" for name, errors in form.errors.items()
    )
    messages.error(request, problems)
    return None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    team = selected_team(request)
    context: dict[str, object] = {"team": team}
    if team is not None:
        page = shifts_page(user=request.user, team_id=team.pk)
        context |= {
            "page": page,
            "manages": page.role in FULL_ACCESS_ROLES,
            "weekdays": sorted(WEEKDAYS.items()),
        }
    return render(request, "shifts/index.html", context)


@login_required
@require_POST
def shift_create(request: HttpRequest) -> HttpResponse:
    """Add a shift to a chatter's week (owners and managers)."""
    data = _parsed(request, ShiftForm(request.POST))
    if data is not None:
        try:
            shift_add(
                actor=request.user,
                membership_id=data["membership"],
                account_id=data["account"],
                weekday=data["weekday"],
                start_time=data["start_time"],
                end_time=data["end_time"],
            )
        except ValidationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Shift added."))
    return _back(request)


@login_required
@require_POST
def shift_delete(request: HttpRequest, shift_id: int) -> HttpResponse:
    shift_remove(actor=request.user, shift_id=shift_id)
    messages.success(request, _("Shift removed."))
    return _back(request)


@login_required
@require_POST
def extend(request: HttpRequest) -> HttpResponse:
    """Let a chatter work on an account for the next hours, shifts or not."""
    data = _parsed(request, ExtendForm(request.POST))
    if data is not None:
        try:
            extension = shift_extend(
                actor=request.user,
                membership_id=data["membership"],
                account_id=data["account"],
                hours=data["hours"],
            )
        except ValidationError as exc:
            messages.error(request, exc.message)
        else:
            zone = extension.account.timezone
            until = date_format(extension.until.astimezone(local_zone(zone)), "D H:i")
            messages.success(
                request,
                _("Access extended until %(until)s (%(timezone)s).") % {"until": until, "timezone": zone},
            )
    return _back(request)


@login_required
@require_POST
def clock(request: HttpRequest) -> HttpResponse:
    """Clock in or out on one of the chatter's accounts."""
    data = _parsed(request, ClockForm(request.POST))
    if data is not None:
        action = clock_in if data["kind"] == ClockKind.IN else clock_out
        try:
            action(user=request.user, account_id=data["account"])
        except ValidationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Clocked in.") if data["kind"] == ClockKind.IN else _("Clocked out."))
    return _back(request)
