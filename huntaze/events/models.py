"""The event log: what the sync saw happen on an OnlyFans account, once per thing.

Rows are written by the sync only (``events.emit``, ``events.services``) and never changed.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.events.choices import EventType
from huntaze.events.describe import event_summary


class Event(models.Model):
    # No index of its own: the unique constraint and the feed index start with it.
    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="events", db_index=False
    )
    type = models.CharField(_("type"), max_length=20, choices=EventType.choices)
    source_id = models.CharField(max_length=100, help_text=_("What happened, as OnlyFans identifies it."))
    occurred_at = models.DateTimeField(_("happened"), help_text=_("OnlyFans' time of the event."))
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "type", "source_id"], name="event_unique_account_type_source"
            ),
        ]
        indexes = [
            # The feed (newest first, paged by created_at then id) and its type filter. The live
            # stream reads ``id > last seen`` through the primary key.
            models.Index(fields=["account", "-created_at", "-id"], name="event_account_feed"),
            models.Index(fields=["account", "type", "-created_at", "-id"], name="event_account_type_feed"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.source_id}"

    def summary(self) -> str:
        """One plain-text sentence in the active language (templates escape it, the live
        stream's script sets it as text)."""
        return event_summary(self)
