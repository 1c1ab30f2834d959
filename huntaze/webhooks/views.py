"""The webhooks page of the selected team (owners and managers): list, create, change, turn on or
off, delete, show and regenerate the secret, send a test event, and each webhook's delivery log.

Plain forms that redirect after a write, so everything works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from huntaze.accounts.forms import form_error_add
from huntaze.accounts.models import Team
from huntaze.accounts.selectors import team_get
from huntaze.core.exceptions import PermissionDeniedError, ValidationError
from huntaze.web.selection import selectable_teams, selected_team
from huntaze.webhooks.choices import DeliveryStatus
from huntaze.webhooks.forms import DeliveryFilterForm, WebhookCreateForm, WebhookForm
from huntaze.webhooks.models import Webhook
from huntaze.webhooks.selectors import (
    webhook_delivery_page,
    webhook_get,
    webhook_list,
    webhook_secret_read,
)
from huntaze.webhooks.services import (
    webhook_create,
    webhook_delete,
    webhook_enabled_set,
    webhook_secret_regenerate,
    webhook_test_send,
    webhook_update,
)


def _index_page(
    request: HttpRequest, team: Team | None, *, form: WebhookCreateForm | None = None, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "team": team,
        "teams": selectable_teams(request),
        "switch_url": reverse("webhooks:index"),
    }
    if team is not None:
        try:
            webhooks = list(webhook_list(user=request.user, team_id=team.pk))
        except PermissionDeniedError as exc:
            # Still a 403, but with the team switcher: the user may manage another of their teams.
            return render(request, "webhooks/index.html", context | {"error": exc}, status=exc.http_status)
        context |= {
            "webhooks": webhooks,
            "turned_off": [webhook for webhook in webhooks if webhook.disabled_reason],
            "form": form or WebhookCreateForm(initial={"team": team.pk}),
        }
    return render(request, "webhooks/index.html", context, status=status)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _index_page(request, selected_team(request))


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    """Add a webhook; its page then shows the secret. A refused form comes back with its errors."""
    form = WebhookCreateForm(request.POST)
    if not form.is_valid():
        return _index_page(request, selected_team(request), form=form, status=422)
    team = team_get(user=request.user, team_id=form.cleaned_data["team"])
    try:
        webhook = webhook_create(
            user=request.user,
            team_id=team.pk,
            name=form.cleaned_data["name"],
            url=form.cleaned_data["url"],
            event_types=form.cleaned_data["event_types"],
            request=request,
        )
    except ValidationError as exc:
        form_error_add(form, exc)
        return _index_page(request, team, form=form, status=exc.http_status)
    messages.success(
        request, _("Webhook “%(name)s” added. Give its secret to the receiver.") % {"name": webhook.name}
    )
    return redirect("webhooks:detail", webhook_id=webhook.pk)


def _detail_page(
    request: HttpRequest, webhook: Webhook, *, form: WebhookForm | None = None, status: int = 200
) -> HttpResponse:
    filters = DeliveryFilterForm(request.GET)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    page = webhook_delivery_page(
        user=request.user,
        webhook_id=webhook.pk,
        status=chosen.get("status") or None,
        cursor=chosen.get("cursor") or None,
    )
    context = {
        "webhook": webhook,
        "team": webhook.team,
        "secret": webhook_secret_read(webhook=webhook),
        "form": form
        or WebhookForm(
            initial={"name": webhook.name, "url": webhook.url, "event_types": webhook.event_types}
        ),
        "filters": filters,
        "status_filter": chosen.get("status", ""),
        "page": page,
        "statuses": DeliveryStatus,
    }
    return render(request, "webhooks/detail.html", context, status=status)


@login_required
@require_GET
@never_cache
def detail(request: HttpRequest, webhook_id: int) -> HttpResponse:
    """One webhook: its settings, secret and delivery log (another team's is a 404)."""
    return _detail_page(request, webhook_get(user=request.user, webhook_id=webhook_id))


@login_required
@require_POST
def update(request: HttpRequest, webhook_id: int) -> HttpResponse:
    webhook = webhook_get(user=request.user, webhook_id=webhook_id)
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            webhook_update(user=request.user, webhook_id=webhook.pk, request=request, **form.cleaned_data)
        except ValidationError as exc:
            form_error_add(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("webhooks:detail", webhook_id=webhook.pk)
    return _detail_page(request, webhook, form=form, status=422)


@login_required
@require_POST
def enabled(request: HttpRequest, webhook_id: int) -> HttpResponse:
    """Turn a webhook on (``enabled=1``, also after an automatic turn-off) or off."""
    webhook = webhook_enabled_set(
        user=request.user, webhook_id=webhook_id, enabled=request.POST.get("enabled") == "1", request=request
    )
    messages.success(request, _("Webhook turned on.") if webhook.enabled else _("Webhook turned off."))
    return redirect("webhooks:detail", webhook_id=webhook.pk)


@login_required
@require_POST
def test(request: HttpRequest, webhook_id: int) -> HttpResponse:
    """Send a test event now and say how the first attempt went."""
    delivery = webhook_test_send(user=request.user, webhook_id=webhook_id, request=request)
    if delivery.status == DeliveryStatus.SUCCEEDED:
        messages.success(
            request, _("Test event delivered (HTTP %(code)s).") % {"code": delivery.last_status_code}
        )
    else:
        messages.error(
            request,
            _("The test event was not delivered: %(error)s. It will be retried.")
            % {"error": delivery.last_error},
        )
    return redirect("webhooks:detail", webhook_id=webhook_id)


@login_required
@require_POST
def secret(request: HttpRequest, webhook_id: int) -> HttpResponse:
    """Regenerate the signing secret."""
    webhook = webhook_secret_regenerate(user=request.user, webhook_id=webhook_id, request=request)
    messages.success(request, _("New secret made: give it to the receiver, the old one no longer signs."))
    return redirect("webhooks:detail", webhook_id=webhook.pk)


@login_required
@require_POST
def delete(request: HttpRequest, webhook_id: int) -> HttpResponse:
    webhook = webhook_get(user=request.user, webhook_id=webhook_id)
    webhook_delete(user=request.user, webhook_id=webhook.pk, request=request)
    messages.success(request, _("Webhook “%(name)s” deleted.") % {"name": webhook.name})
    return redirect(f"{reverse('webhooks:index')}?team={webhook.team_id}")
