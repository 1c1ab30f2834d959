"""Dashboard pages: thin views over selectors."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from huntaze.accounts.selectors import account_list
from huntaze.web.selection import account_select


@login_required
def hub(request: HttpRequest) -> HttpResponse:
    """The OnlyFans hub: every account the user may see, with its connection state."""
    return render(request, "web/hub.html", {"accounts": account_list(user=request.user)})


@login_required
@require_POST
def account_select_view(request: HttpRequest) -> HttpResponse:
    """The top bar's account switcher: remember the choice, go back where the user was."""
    try:
        account_select(request, int(request.POST.get("account", "")))
    except ValueError:
        pass
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "web:hub"
    return redirect(target)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics. With ``HUNTAZE_METRICS_TOKEN`` set, a matching bearer token is required."""
    token = settings.HUNTAZE_METRICS_TOKEN
    if token and not hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return HttpResponse(status=401)
    return HttpResponse(generate_latest(REGISTRY), content_type=CONTENT_TYPE_LATEST)
