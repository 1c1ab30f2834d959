"""Event types, and what each one's ``source_id`` is (the key that makes recording idempotent)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """``source_id`` per type (OnlyFans ids; times as Unix seconds):

    - new_subscriber: ``<fan id>:<subscribe time>`` — a fan who comes back later is a new event;
    - renewed: ``<fan id>:<renew time>``;
    - expired: ``<fan id>:<expiry time>``;
    - new_message: the message id (messages from fans only);
    - new_tip, new_purchase (PPV message or post), chargeback: the transaction id;
    - session_expired, sync_failing: ``run:<sync run id>`` of the run that saw it;
    - sync_recovered: ``after:<event id>`` of the session_expired/sync_failing event it ends.
    """

    NEW_SUBSCRIBER = "new_subscriber", _("New subscriber")
    RENEWED = "renewed", _("Renewed")
    EXPIRED = "expired", _("Expired")
    NEW_MESSAGE = "new_message", _("New message")
    NEW_TIP = "new_tip", _("New tip")
    NEW_PURCHASE = "new_purchase", _("New purchase")
    CHARGEBACK = "chargeback", _("Chargeback")
    SESSION_EXPIRED = "session_expired", _("Session expired")
    SYNC_FAILING = "sync_failing", _("Sync failing")
    SYNC_RECOVERED = "sync_recovered", _("Sync recovered")


HEALTH_TYPES = (EventType.SESSION_EXPIRED, EventType.SYNC_FAILING, EventType.SYNC_RECOVERED)
