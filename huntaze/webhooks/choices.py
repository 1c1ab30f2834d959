from django.db import models
from django.utils.translation import gettext_lazy as _

# The event type of a delivery made by the "send test event" button (no ``events.Event`` row).
TEST_EVENT_TYPE = "test"


class DeliveryStatus(models.TextChoices):
    """Where a delivery is: waiting for its first attempt, claimed by a worker, waiting for a
    retry after a failed attempt, delivered, or given up after the last retry."""

    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    FAILED = "failed", _("Failed, will retry")
    SUCCEEDED = "succeeded", _("Delivered")
    GIVEN_UP = "given_up", _("Given up")
