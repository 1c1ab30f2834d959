"""Per-stream sync cursors and the history of sync runs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from huntaze.core.models import TimeStampedModel


class Stream(models.TextChoices):
    FANS = "fans", _("Fans")
    CHATS = "chats", _("Chats and messages")
    CONTENT = "content", _("Posts and vault")
    EARNINGS = "earnings", _("Earnings and statistics")


class SyncState(TimeStampedModel):
    """Where a stream's sync stands. ``cursor`` advances in the same transaction as its rows."""

    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="sync_states"
    )
    stream = models.CharField(max_length=10, choices=Stream.choices)
    cursor = models.JSONField(default=dict, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error_class = models.CharField(max_length=120, blank=True)
    last_error_message = models.CharField(max_length=500, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    rows_total = models.BigIntegerField(default=0)
    requests_total = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["account", "stream"]
        constraints = [
            models.UniqueConstraint(fields=["account", "stream"], name="syncstate_unique_account_stream")
        ]

    def __str__(self) -> str:
        return f"{self.account_id}:{self.stream}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class SyncRun(TimeStampedModel):
    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="sync_runs"
    )
    streams = models.JSONField(default=list)
    trigger = models.CharField(
        max_length=20, default="schedule", help_text=_("schedule, manual, api, initial")
    )
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(
        max_length=200, blank=True, help_text=_("host:pid:thread of the worker that ran it")
    )
    progress = models.JSONField(
        default=dict, blank=True, help_text=_("Per stream: pages, rows, estimated total.")
    )
    requests_made = models.PositiveIntegerField(default=0)
    rows_changed = models.PositiveIntegerField(default=0)
    error_class = models.CharField(max_length=120, blank=True)
    error_message = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["account", "-created_at"], name="syncrun_account_time")]

    def __str__(self) -> str:
        return f"run {self.pk} {self.status}"


class ChatCursor(models.Model):
    """How far one chat's messages are synced, so a killed sync resumes mid-chat.

    ``newest_id``: every message up to it is stored. A walk in progress goes newest-first
    from ``gap_upper`` and has stored everything down to (excluding) ``gap_before``; it ends
    when it reaches ``newest_id`` or the start of the chat (then ``complete``).
    """

    account = models.ForeignKey("accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="+")
    fan_onlyfans_id = models.BigIntegerField()
    newest_id = models.BigIntegerField(null=True, blank=True)
    gap_upper = models.BigIntegerField(null=True, blank=True)
    gap_before = models.BigIntegerField(null=True, blank=True)
    complete = models.BooleanField(default=False, help_text=_("The whole history down to the first message."))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "fan_onlyfans_id"], name="chatcursor_unique_account_fan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}:{self.fan_onlyfans_id} newest={self.newest_id}"


class SyncLease(models.Model):
    """At most one sync of an account at a time, across all workers and machines.

    A lease, not a lock: it expires, so a worker killed mid-sync blocks the account only until
    ``expires_at``; a live sync renews it between pages.
    """

    account = models.OneToOneField("accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="+")
    holder = models.CharField(max_length=120, blank=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.account_id} held by {self.holder or '-'} until {self.expires_at:%H:%M:%S}"
