"""The delivery machine: claim a due delivery, POST it signed, record the outcome, retry or give up.

At least once, never two POSTs of one attempt at a time:

- A worker first *claims* the delivery with one conditional UPDATE (due status and time → sending,
  a fresh ``claim_token``, a lease of ``LEASE_SECONDS``). The database serialises the UPDATEs, so
  of two workers only one gets a row back; the other does nothing.
- Only the holder of the token records the outcome (another conditional UPDATE). A worker that dies
  after its POST but before recording leaves the delivery "sending"; once the lease has expired,
  ``webhook_deliveries_recover`` records that attempt as lost and it is retried on the schedule with
  the same ``X-Huntaze-Delivery`` id. Receivers dedupe on that id.
- A POST cannot outlive its lease: it is cut off after ``DEADLINE_SECONDS`` (< ``LEASE_SECONDS``).

Retries: after the first attempt fails, ``RETRY_DELAYS`` (5 s, 30 s, 5 min, 30 min, 2 h); when the
sixth attempt fails the delivery is given up. ``DISABLE_AFTER`` deliveries given up in a row (no
success in between) turn the webhook off, with an audit row, a banner on its page and the operator
alert (``HUNTAZE_ALERT_WEBHOOK_URL``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from huntaze.audit.services import audit_record
from huntaze.webhooks.choices import TEST_EVENT_TYPE, DeliveryStatus
from huntaze.webhooks.models import ERROR_MAX_LENGTH, Webhook, WebhookAttempt, WebhookDelivery
from huntaze.webhooks.selectors import webhook_secret_read
from huntaze.webhooks.transport import PostResult, webhook_post

logger = logging.getLogger(__name__)

RETRY_DELAYS = (
    timedelta(seconds=5),
    timedelta(seconds=30),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
ATTEMPTS_MAX = len(RETRY_DELAYS) + 1
LEASE_SECONDS = 60
DISABLE_AFTER = 10
SWEEP_BATCH = 500
USER_AGENT = "Huntaze-Webhooks/1"
WORKER_LOST = "The worker stopped during this attempt: the receiver may have got it."

DUE_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)


def signature_compute(*, secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>``, the ``X-Huntaze-Signature``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def webhook_delivery_body(*, delivery: WebhookDelivery) -> bytes:
    """The JSON POSTed: ``{id, type, account, occurred_at, data}``, the same at every attempt.

    A test event has ``id`` and ``account`` null.
    """
    if delivery.event_id is None:
        payload = {
            "id": None,
            "type": TEST_EVENT_TYPE,
            "account": None,
            "occurred_at": delivery.created_at,
            "data": {"message": "A test event from Huntaze.", "webhook_id": delivery.webhook_id},
        }
    else:
        event = delivery.event
        payload = {
            "id": event.pk,
            "type": event.type,
            "account": {"id": event.account_id, "username": event.account.username},
            "occurred_at": event.occurred_at,
            "data": event.payload,
        }
    return json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def webhook_delivery_claim(*, delivery_id: int, now: datetime) -> str | None:
    """Take a due delivery for one attempt: its claim token, or ``None`` when it is not due or
    another worker took it. One conditional UPDATE on the row's own columns (no join, so
    PostgreSQL re-checks every condition on a row another transaction just changed)."""
    token = uuid.uuid4().hex
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status__in=DUE_STATUSES, next_attempt_at__lte=now
    ).update(
        status=DeliveryStatus.SENDING,
        claim_token=token,
        lease_expires_at=now + timedelta(seconds=LEASE_SECONDS),
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return token if claimed == 1 else None


def webhook_delivery_send(*, delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """One attempt of a delivery if it is due and its webhook is on: claim, POST, record.

    Returns the delivery as recorded, or ``None`` when there was nothing to do (not due, taken by
    another worker, webhook off or deleted, or the lease was lost before recording). ``now`` lets
    tests move the clock; the signed timestamp is always the real time.
    """
    delivery = (
        WebhookDelivery.objects.select_related("webhook", "event__account").filter(pk=delivery_id).first()
    )
    if delivery is None or not delivery.webhook.enabled:
        return None
    token = webhook_delivery_claim(delivery_id=delivery.pk, now=now or timezone.now())
    if token is None:
        return None
    body = webhook_delivery_body(delivery=delivery)
    timestamp = int(time.time())
    secret = webhook_secret_read(webhook=delivery.webhook)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Huntaze-Delivery": str(delivery.pk),
        "X-Huntaze-Event": delivery.event_type,
        "X-Huntaze-Timestamp": str(timestamp),
        "X-Huntaze-Signature": signature_compute(secret=secret, timestamp=timestamp, body=body),
    }
    result = webhook_post(url=delivery.webhook.url, body=body, headers=headers)
    return webhook_delivery_record(delivery_id=delivery.pk, claim_token=token, result=result, now=now)


@transaction.atomic
def webhook_delivery_record(
    *, delivery_id: int, claim_token: str, result: PostResult, now: datetime | None = None
) -> WebhookDelivery | None:
    """Record the attempt made under ``claim_token``: delivered, retry later, or given up (which
    may turn the webhook off). ``None`` when the token no longer holds the delivery."""
    now = now or timezone.now()
    # Locks in the order every writer takes them, webhook then delivery (``webhook_delete``
    # locks the webhook, then deletes its deliveries).
    webhook_id = WebhookDelivery.objects.filter(pk=delivery_id).values_list("webhook_id", flat=True).first()
    webhook = Webhook.objects.select_for_update().filter(pk=webhook_id).first()
    delivery = (
        WebhookDelivery.objects.select_for_update()
        .filter(pk=delivery_id, claim_token=claim_token, status=DeliveryStatus.SENDING)
        .first()
    )
    if webhook is None or delivery is None:
        logger.warning("webhook delivery %s: lease lost before recording, outcome dropped", delivery_id)
        return None
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        at=now,
        status_code=result.status_code,
        error=result.error,
        response_ms=result.response_ms,
    )
    delivery.claim_token, delivery.lease_expires_at = "", None
    delivery.last_status_code, delivery.last_error = result.status_code, result.error
    delivery.last_response_ms = result.response_ms
    if result.ok:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, now, None
        if webhook.consecutive_failures:
            Webhook.objects.filter(pk=webhook.pk).update(consecutive_failures=0)
    elif delivery.attempts < ATTEMPTS_MAX:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
        _retry_schedule(delivery_id=delivery.pk, at=delivery.next_attempt_at)
    else:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.GIVEN_UP, None
        _given_up(webhook=webhook, now=now)
    delivery.save()
    return delivery


def _retry_schedule(*, delivery_id: int, at: datetime) -> None:
    from huntaze.webhooks.tasks import webhook_delivery_send_task  # tasks import this module

    transaction.on_commit(lambda: webhook_delivery_send_task.schedule((delivery_id,), eta=at))


def _given_up(*, webhook: Webhook, now: datetime) -> None:
    """Count a delivery given up; the ``DISABLE_AFTER``-th in a row turns the webhook off."""
    webhook.consecutive_failures += 1
    fields = ["consecutive_failures"]
    if webhook.enabled and webhook.consecutive_failures >= DISABLE_AFTER:
        webhook.enabled, webhook.disabled_at = False, now
        webhook.disabled_reason = (
            f"Turned off automatically: {webhook.consecutive_failures} deliveries in a row failed "
            f"{ATTEMPTS_MAX} times each."
        )[:ERROR_MAX_LENGTH]
        fields += ["enabled", "disabled_at", "disabled_reason"]
        audit_record(
            action="webhook.auto_disable",
            actor_label="system:webhooks",
            team_id=webhook.team_id,
            target=webhook,
            before={"enabled": True},
            after={"enabled": False, "reason": webhook.disabled_reason},
        )
        logger.warning(
            "webhook %s of team %s turned off after repeated failures", webhook.pk, webhook.team_id
        )
        _operator_alert(webhook=webhook, now=now)
    webhook.save(update_fields=[*fields, "updated_at"])


def _operator_alert(*, webhook: Webhook, now: datetime) -> None:
    """The same alert channel as sync health (``HUNTAZE_ALERT_WEBHOOK_URL``), if configured."""
    if not settings.HUNTAZE_ALERT_WEBHOOK_URL:
        return
    from huntaze.sync.tasks import sync_alert_task

    payload = {
        "event": "webhook.auto_disable",
        "team_id": webhook.team_id,
        "webhook_id": webhook.pk,
        "name": webhook.name,
        "reason": webhook.disabled_reason,
        "at": now.isoformat(),
    }
    transaction.on_commit(lambda: sync_alert_task(payload))


def webhook_deliveries_recover(*, now: datetime | None = None) -> int:
    """Record as lost every attempt whose worker let its lease expire (it crashed or hung), so the
    delivery is retried on the schedule. Returns how many."""
    now = now or timezone.now()
    stuck = WebhookDelivery.objects.filter(status=DeliveryStatus.SENDING, lease_expires_at__lte=now)
    lost = PostResult(status_code=None, error=WORKER_LOST, response_ms=None)
    recovered = 0
    for pk, token in stuck.values_list("pk", "claim_token")[:SWEEP_BATCH]:
        if webhook_delivery_record(delivery_id=pk, claim_token=token, result=lost, now=now) is not None:
            recovered += 1
    return recovered


def webhook_deliveries_overdue(
    *, now: datetime | None = None, grace: timedelta = timedelta(minutes=1)
) -> list[int]:
    """Deliveries of webhooks that are on, due for more than ``grace``: their own queued task was
    lost (worker restart, queue flushed) or the webhook was just turned back on."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(
            status__in=DUE_STATUSES, next_attempt_at__lte=now - grace, webhook__enabled=True
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
