"""Dashboard pages: thin views over selectors."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from huntaze.accounts.selectors import account_get
from huntaze.sync.tasks import sync_run_enqueue
from huntaze.web.htmx import htmx_partial
from huntaze.web.selection import account_select
from huntaze.web.selectors import hub_card, hub_cards


@login_required
def hub(request: HttpRequest) -> HttpResponse:
    """The OnlyFans hub: every account the user may see, its sync state and today's figures."""
    return render(request, "web/hub.html", {"cards": hub_cards(user=request.user)})


@login_required
@require_GET
def account_sync_status(request: HttpRequest, account_id: int) -> HttpResponse:
    """The ``SyncStatus`` fragment of one account, polled by the hub while it is open."""
    return _sync_status(request, account_id)


def _sync_status(request: HttpRequest, account_id: int) -> HttpResponse:
    card = hub_card(user=request.user, account_id=account_id)
    return render(request, "web/components/sync_status.html", {"card": card})


@login_required
@require_POST
def account_sync_now(request: HttpRequest, account_id: int) -> HttpResponse:
    """ "Sync now": queue a full incremental sync of the account (refused if it needs re-auth)."""
    account = account_get(user=request.user, account_id=account_id)
    with transaction.atomic():
        sync_run_enqueue(account=account, streams=None, trigger="manual")
    if htmx_partial(request):
        return _sync_status(request, account_id)
    return redirect("web:hub")


@login_required
@require_POST
def account_select_view(request: HttpRequest) -> HttpResponse:
    """The top bar's account switcher: remember the choice, go back where the user was."""
    account_select(request, request.POST.get("account"))
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
