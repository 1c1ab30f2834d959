"""Outbound webhooks of a team and the log of what was delivered to them.

A ``WebhookDelivery`` is one event for one webhook (unique: an event is never queued twice for
the same webhook); each POST of it is a ``WebhookAttempt``. The delivery machine is in
``delivery.py``, the rules in docs/events-and-webhooks.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huntaze.core.models import TimeStampedModel
from huntaze.events.choices import EventType
from huntaze.webhooks.choices import DeliveryStatus

NAME_MAX_LENGTH = 80
URL_MAX_LENGTH = 2000
ERROR_MAX_LENGTH = 300


class Webhook(TimeStampedModel):
    """Where to POST a team's events, and which types. The signing secret is Fernet-encrypted
    (``accounts.crypto``) and only ``selectors.webhook_secret`` decrypts it."""

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="webhooks")
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    url = models.CharField(_("URL"), max_length=URL_MAX_LENGTH)
    event_types = models.JSONField(_("event types"), default=list)
    secret_ciphertext = models.BinaryField(editable=False)
    enabled = models.BooleanField(_("on"), default=True)
    disabled_reason = models.CharField(max_length=ERROR_MAX_LENGTH, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(
        default=0, help_text=_("Deliveries given up in a row since the last success.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def event_type_labels(self) -> list[str]:
        return [str(EventType(kind).label) if kind in EventType.values else kind for kind in self.event_types]

    def __repr__(self) -> str:
        return f"<Webhook {self.pk} team={self.team_id} enabled={self.enabled}>"


class WebhookDelivery(TimeStampedModel):
    """One event on its way to one webhook; ``event`` is empty for a test event.

    ``claim_token`` and ``lease_expires_at`` belong to the worker that is POSTing it now
    (``status`` sending): only that worker may record the outcome.
    """

    # No index of its own: the unique constraint starts with it.
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    event_type = models.CharField(_("event"), max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=ERROR_MAX_LENGTH, blank=True)
    last_response_ms = models.PositiveIntegerField(_("response time (ms)"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event"], name="webhook_delivery_unique_event"),
        ]
        indexes = [
            # The sweeper's two questions: which are due, which leases expired.
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk} of {self.event_type} to webhook {self.webhook_id}"


class WebhookAttempt(models.Model):
    """One POST of a delivery (or a worker lost during one), for the delivery log."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=ERROR_MAX_LENGTH, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_unique_number"),
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of delivery {self.delivery_id}"
