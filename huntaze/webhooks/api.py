"""Webhook routes (owners and managers of the webhook's team). Thin: parse, call one service or
selector, return a schema."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from huntaze.api.schemas import Id, PageOut
from huntaze.core.pagination import Page
from huntaze.webhooks.models import Webhook, WebhookDelivery
from huntaze.webhooks.schemas import (
    WebhookCreateIn,
    WebhookDeliveryListParams,
    WebhookDeliveryOut,
    WebhookEnabledIn,
    WebhookIn,
    WebhookListParams,
    WebhookOut,
    WebhookSecretOut,
)
from huntaze.webhooks.selectors import webhook_delivery_page, webhook_get, webhook_list, webhook_secret
from huntaze.webhooks.services import (
    webhook_create,
    webhook_delete,
    webhook_enabled_set,
    webhook_secret_regenerate,
    webhook_test_send,
    webhook_update,
)

router = Router()


@router.get("", response=list[WebhookOut])
def webhooks_list(request: HttpRequest, params: Query[WebhookListParams]) -> list[Webhook]:
    return list(webhook_list(user=request.user, team_id=params.team_id))


@router.post("", response={201: WebhookOut})
def webhooks_create(request: HttpRequest, payload: WebhookCreateIn) -> Status[Webhook]:
    """Add a webhook (on). Read its signing secret with `GET /webhooks/{id}/secret`."""
    webhook = webhook_create(
        user=request.user,
        team_id=payload.team_id,
        name=payload.name,
        url=payload.url,
        event_types=payload.event_types,
        request=request,
    )
    return Status(201, webhook)


@router.get("/{webhook_id}", response=WebhookOut)
def webhooks_detail(request: HttpRequest, webhook_id: Id) -> Webhook:
    return webhook_get(user=request.user, webhook_id=webhook_id)


@router.put("/{webhook_id}", response=WebhookOut)
def webhooks_update(request: HttpRequest, webhook_id: Id, payload: WebhookIn) -> Webhook:
    """Replace name, URL and event types."""
    return webhook_update(
        user=request.user,
        webhook_id=webhook_id,
        name=payload.name,
        url=payload.url,
        event_types=payload.event_types,
        request=request,
    )


@router.post("/{webhook_id}/enabled", response=WebhookOut)
def webhooks_enabled(request: HttpRequest, webhook_id: Id, payload: WebhookEnabledIn) -> Webhook:
    """Turn a webhook on or off; deliveries waiting resume when it is back on."""
    return webhook_enabled_set(
        user=request.user, webhook_id=webhook_id, enabled=payload.enabled, request=request
    )


@router.delete("/{webhook_id}", response={204: None})
def webhooks_delete(request: HttpRequest, webhook_id: Id) -> Status[None]:
    webhook_delete(user=request.user, webhook_id=webhook_id, request=request)
    return Status(204, None)


@router.get("/{webhook_id}/secret", response=WebhookSecretOut)
def webhooks_secret(request: HttpRequest, webhook_id: Id) -> dict:
    return {"secret": webhook_secret(user=request.user, webhook_id=webhook_id)}


@router.post("/{webhook_id}/secret", response=WebhookSecretOut)
def webhooks_secret_regenerate(request: HttpRequest, webhook_id: Id) -> dict:
    """Make a new signing secret; the old one stops signing at once."""
    webhook_secret_regenerate(user=request.user, webhook_id=webhook_id, request=request)
    return {"secret": webhook_secret(user=request.user, webhook_id=webhook_id)}


@router.post("/{webhook_id}/test", response=WebhookDeliveryOut)
def webhooks_test(request: HttpRequest, webhook_id: Id) -> WebhookDelivery:
    """Send a test event now; the answer is the delivery after its first attempt."""
    return webhook_test_send(user=request.user, webhook_id=webhook_id, request=request)


@router.get("/{webhook_id}/deliveries", response=PageOut[WebhookDeliveryOut])
def webhooks_deliveries(
    request: HttpRequest, webhook_id: Id, params: Query[WebhookDeliveryListParams]
) -> Page[WebhookDelivery]:
    """The delivery log, newest first, each delivery with its attempts."""
    return webhook_delivery_page(user=request.user, webhook_id=webhook_id, **params.dict())
