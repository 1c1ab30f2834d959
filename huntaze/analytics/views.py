"""The analytics page: thin views over the analytics selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from huntaze.analytics.choices import Period
from huntaze.analytics.forms import PeriodForm
from huntaze.analytics.selectors import analytics_page
from huntaze.web.htmx import htmx_partial
from huntaze.web.selection import selected_account


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Earnings, fans, activity, KPIs, chatters and recommendations of the selected account over a
    period; a period that is not offered is a 422 with the form's error. Read-only for every role."""
    account = selected_account(request)
    form = PeriodForm(request.GET)
    context = {"account": account, "form": form, "periods": Period.choices, "page": None}
    if account is not None and form.is_valid():
        context["page"] = analytics_page(account=account, days=form.cleaned_data["days"])
    template = "analytics/partials/_overview.html" if htmx_partial(request) else "analytics/index.html"
    return render(request, template, context, status=422 if form.errors else 200)
