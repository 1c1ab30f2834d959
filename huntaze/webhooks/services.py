"""Writes of webhooks: create, change, turn on/off, delete, rotate the secret, send a test event
(owners and managers, each audited in its transaction), and queue deliveries for new events.

The delivery machine itself (claim, POST, retry, auto-disable) is ``delivery.py``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from huntaze.accounts.access import FULL_ACCESS_ROLES, require_team_role
from huntaze.accounts.crypto import secret_encrypt, secret_rotate
from huntaze.audit.services import audit_record
from huntaze.core.exceptions import ValidationError
from huntaze.events.choices import EventType
from huntaze.events.models import Event
from huntaze.webhooks.choices import TEST_EVENT_TYPE, DeliveryStatus
from huntaze.webhooks.delivery import webhook_delivery_send
from huntaze.webhooks.exceptions import WebhookDisabledError, WebhookLimitError
from huntaze.webhooks.models import NAME_MAX_LENGTH, Webhook, WebhookDelivery
from huntaze.webhooks.selectors import webhook_get
from huntaze.webhooks.transport import url_check

WEBHOOKS_PER_TEAM_MAX = 20
SECRET_PREFIX = "whsec_"
_BATCH = 500


def _secret_new() -> bytes:
    return secret_encrypt({"secret": f"{SECRET_PREFIX}{secrets.token_urlsafe(32)}"})


def _name_clean(name: str) -> str:
    name = name.strip()
    if not name or len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("A webhook needs a name of 1 to %(max)d characters.") % {"max": NAME_MAX_LENGTH},
            extra={"field": "name"},
        )
    return name


def _event_types_clean(event_types: Iterable[str]) -> list[str]:
    chosen = sorted(set(event_types))
    unknown = [kind for kind in chosen if kind not in EventType.values]
    if unknown or not chosen:
        raise ValidationError(
            _("Choose at least one event type from the list."),
            extra={"field": "event_types", "unknown": unknown, "choices": list(EventType.values)},
        )
    return chosen


def _state(webhook: Webhook) -> dict[str, Any]:
    return {"name": webhook.name, "url": webhook.url, "event_types": webhook.event_types}


@transaction.atomic
def webhook_create(
    *,
    user: AbstractBaseUser,
    team_id: int,
    name: str,
    url: str,
    event_types: Iterable[str],
    request: HttpRequest | None = None,
) -> Webhook:
    """A new webhook of ``team_id``, on, with a new signing secret (``selectors.webhook_secret``).

    Raises ``NotFoundError`` outside the user's teams, ``PermissionDeniedError`` for chatters,
    ``ValidationError`` for a bad name or event types, ``WebhookUrlInvalidError`` /
    ``WebhookAddressRefusedError`` for a URL Huntaze will not POST to, ``WebhookLimitError``.
    """
    require_team_role(user, team_id=team_id, roles=FULL_ACCESS_ROLES)
    name, event_types = _name_clean(name), _event_types_clean(event_types)
    url = url_check(url)
    if Webhook.objects.filter(team_id=team_id).count() >= WEBHOOKS_PER_TEAM_MAX:
        raise WebhookLimitError(extra={"max": WEBHOOKS_PER_TEAM_MAX})
    webhook = Webhook.objects.create(
        team_id=team_id,
        name=name,
        url=url,
        event_types=event_types,
        secret_ciphertext=_secret_new(),
        created_by=user,
    )
    audit_record(
        action="webhook.create",
        actor=user,
        team_id=team_id,
        target=webhook,
        after=_state(webhook),
        request=request,
    )
    return webhook


@transaction.atomic
def webhook_update(
    *,
    user: AbstractBaseUser,
    webhook_id: int,
    name: str,
    url: str,
    event_types: Iterable[str],
    request: HttpRequest | None = None,
) -> Webhook:
    """Change a webhook's name, URL and event types (deliveries already queued keep going to the
    new URL). Raises as ``webhook_create`` does, ``NotFoundError`` for another team's webhook."""
    webhook = webhook_get(user=user, webhook_id=webhook_id, for_update=True)
    before = _state(webhook)
    webhook.name, webhook.event_types = _name_clean(name), _event_types_clean(event_types)
    webhook.url = url_check(url)
    after = _state(webhook)
    if after != before:
        webhook.save(update_fields=["name", "url", "event_types", "updated_at"])
        changed = [key for key in after if after[key] != before[key]]
        audit_record(
            action="webhook.update",
            actor=user,
            team_id=webhook.team_id,
            target=webhook,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
            request=request,
        )
    return webhook


@transaction.atomic
def webhook_enabled_set(
    *, user: AbstractBaseUser, webhook_id: int, enabled: bool, request: HttpRequest | None = None
) -> Webhook:
    """Turn a webhook on or off. Turning it on clears an automatic turn-off and its failure count;
    deliveries still waiting resume. Setting the state it already has changes nothing."""
    webhook = webhook_get(user=user, webhook_id=webhook_id, for_update=True)
    if webhook.enabled == enabled:
        return webhook
    before = {"enabled": webhook.enabled, "reason": webhook.disabled_reason}
    webhook.enabled = enabled
    if enabled:
        webhook.disabled_reason, webhook.disabled_at, webhook.consecutive_failures = "", None, 0
    else:
        webhook.disabled_reason, webhook.disabled_at = "", timezone.now()
    webhook.save(
        update_fields=["enabled", "disabled_reason", "disabled_at", "consecutive_failures", "updated_at"]
    )
    audit_record(
        action="webhook.enable" if enabled else "webhook.disable",
        actor=user,
        team_id=webhook.team_id,
        target=webhook,
        before=before,
        after={"enabled": enabled},
        request=request,
    )
    return webhook


@transaction.atomic
def webhook_delete(*, user: AbstractBaseUser, webhook_id: int, request: HttpRequest | None = None) -> None:
    """Delete a webhook and its delivery log; nothing more is sent to it."""
    webhook = webhook_get(user=user, webhook_id=webhook_id, for_update=True)
    audit_record(
        action="webhook.delete",
        actor=user,
        team_id=webhook.team_id,
        target=webhook,
        before=_state(webhook),
        request=request,
    )
    webhook.delete()


@transaction.atomic
def webhook_secret_regenerate(
    *, user: AbstractBaseUser, webhook_id: int, request: HttpRequest | None = None
) -> Webhook:
    """Give a webhook a new signing secret: the next attempts (retries included) are signed with it."""
    webhook = webhook_get(user=user, webhook_id=webhook_id, for_update=True)
    webhook.secret_ciphertext = _secret_new()
    webhook.save(update_fields=["secret_ciphertext", "updated_at"])
    audit_record(
        action="webhook.secret_regenerate",
        actor=user,
        team_id=webhook.team_id,
        target=webhook,
        request=request,
    )
    return webhook


def webhook_test_send(
    *, user: AbstractBaseUser, webhook_id: int, request: HttpRequest | None = None
) -> WebhookDelivery:
    """Queue a test event for a webhook that is on and make its first attempt now, through the same
    path as real events (signed, logged, retried on failure). Returns the delivery as recorded.

    Raises ``NotFoundError``, ``WebhookDisabledError``.
    """
    with transaction.atomic():
        webhook = webhook_get(user=user, webhook_id=webhook_id, for_update=True)
        if not webhook.enabled:
            raise WebhookDisabledError()
        delivery = WebhookDelivery.objects.create(
            webhook=webhook, event_type=TEST_EVENT_TYPE, next_attempt_at=timezone.now()
        )
        audit_record(
            action="webhook.test", actor=user, team_id=webhook.team_id, target=webhook, request=request
        )
    webhook_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    return delivery


def webhook_deliveries_create(*, event_ids: list[int]) -> int:
    """Queue a delivery of each event to every webhook that is on, of the event's team, and takes
    its type; returns how many were queued. An event already queued for a webhook is skipped
    (unique per webhook and event), so calling this twice for the same events queues nothing more.
    Each delivery's first attempt is queued once this commits."""
    created = 0
    for start in range(0, len(event_ids), _BATCH):
        created += _deliveries_create(event_ids=event_ids[start : start + _BATCH])
    return created


def _deliveries_create(*, event_ids: list[int]) -> int:
    events = list(Event.objects.filter(pk__in=event_ids).values_list("pk", "type", "account__team_id"))
    if not events:
        return 0
    webhooks = list(
        Webhook.objects.filter(team_id__in={team for _, _, team in events}, enabled=True).values_list(
            "pk", "team_id", "event_types"
        )
    )
    if not webhooks:
        return 0
    now = timezone.now()
    with transaction.atomic():
        known = set(
            WebhookDelivery.objects.filter(event_id__in=[pk for pk, _, _ in events]).values_list(
                "webhook_id", "event_id"
            )
        )
        rows = [
            WebhookDelivery(webhook_id=webhook_id, event_id=event_id, event_type=kind, next_attempt_at=now)
            for event_id, kind, team_id in events
            for webhook_id, webhook_team, types in webhooks
            if webhook_team == team_id and kind in types and (webhook_id, event_id) not in known
        ]
        if not rows:
            return 0
        # ``ignore_conflicts``: a concurrent call for the same events must not fail; the unique
        # constraint keeps one delivery per webhook and event.
        WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
        queued = list(
            WebhookDelivery.objects.filter(
                event_id__in=[row.event_id for row in rows], status=DeliveryStatus.PENDING, attempts=0
            ).values_list("pk", flat=True)
        )
        transaction.on_commit(lambda: _first_attempts_enqueue(queued))
    return len(rows)


def _first_attempts_enqueue(delivery_ids: list[int]) -> None:
    from huntaze.webhooks.tasks import webhook_delivery_send_task  # tasks import this module

    for delivery_id in delivery_ids:
        webhook_delivery_send_task(delivery_id)


def webhook_secrets_rotate(*, batch_size: int = 200) -> int:
    """Re-encrypt every webhook secret under the newest Fernet key (``huntaze rotate_secrets``)."""
    rotated = 0
    ids = list(Webhook.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            for webhook in Webhook.objects.select_for_update().filter(pk__in=ids[start : start + batch_size]):
                webhook.secret_ciphertext = secret_rotate(webhook.secret_ciphertext)
                webhook.save(update_fields=["secret_ciphertext"])
                rotated += 1
    return rotated
