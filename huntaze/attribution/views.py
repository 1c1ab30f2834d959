"""The performance page: per-chatter figures of the selected account over a period, its CSV, the
credited sales with an owner's reassign form, and the composer's PPV price guidance fragment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huntaze.analytics.choices import Period
from huntaze.attribution.forms import PerformancePeriodForm, ReassignForm
from huntaze.attribution.selectors import (
    attribution_candidates,
    attribution_list,
    fan_ppv_price_guidance,
    performance_csv_rows,
    performance_report,
)
from huntaze.attribution.services import attribution_reassign
from huntaze.core.exceptions import ValidationError
from huntaze.inbox.sla import team_response_report
from huntaze.web.csv import csv_download
from huntaze.web.htmx import htmx_partial
from huntaze.web.selection import selected_account


def _page(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    """The page (or its region for HTMX) for the selected account and the period in the URL."""
    account = selected_account(request)
    form = PerformancePeriodForm(request.GET)
    partial = htmx_partial(request)
    context: dict[str, Any] = {
        "account": account,
        "form": form,
        "periods": Period.choices,
        "partial": partial,
    }
    if account is not None and form.is_valid():
        period = form.period()
        report = performance_report(user=request.user, account_id=account.pk, period=period)
        context.update(
            report=report,
            responses=(
                team_response_report(user=request.user, team_id=account.team_id, window=report.window)
                if report.sees_team
                else None
            ),
            period=period,
            sales=attribution_list(user=request.user, account_id=account.pk, period=period),
            candidates=attribution_candidates(account=account) if report.can_reassign else [],
        )
    elif form.errors:
        status = 422
    template = "attribution/partials/_region.html" if partial else "attribution/index.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The page's table as CSV, streamed (each viewer gets the rows the page shows them)."""
    account = selected_account(request)
    form = PerformancePeriodForm(request.GET)
    if account is None or not form.is_valid():
        raise ValidationError(_("Choose an account and a valid period before exporting."))
    rows = performance_csv_rows(user=request.user, account_id=account.pk, period=form.period())
    return csv_download(rows, filename=f"performance-{account.pk}-{timezone.localdate():%Y-%m-%d}.csv")


@login_required
@require_POST
def reassign(request: HttpRequest, attribution_id: int) -> HttpResponse:
    """Credit a sale to someone else, or nobody, with a reason (owners). A refused reason or
    person comes back as the page with the error (422); the period in the URL is kept."""
    form = ReassignForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a team member from the list."))
        row = attribution_reassign(
            user=request.user,
            attribution_id=attribution_id,
            chatter_id=form.cleaned_data["chatter"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, exc.message)
        return _page(request, status=422)
    messages.success(request, _("Sale reassigned."))
    if htmx_partial(request):
        return _page(request)
    query = request.GET.copy()
    query["account"] = row.account_id
    return redirect(f"{reverse('performance:index')}?{query.urlencode()}")


@login_required
@require_GET
def price_guidance(request: HttpRequest, fan_id: int) -> HttpResponse:
    """The composer's fragment: what this fan paid for and left locked, beside the preset's band."""
    guidance = fan_ppv_price_guidance(user=request.user, fan_id=fan_id)
    return render(request, "attribution/partials/_price_guidance.html", {"guidance": guidance})
