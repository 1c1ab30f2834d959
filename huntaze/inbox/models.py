"""Chats, messages, reply suggestions and human-approved outbound messages."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.choices import AssignmentMode
from huntaze.core.models import TimeStampedModel
from huntaze.inbox.choices import Direction, OutboundStatus, SuggestionIntent, SuggestionStatus
from huntaze.inbox.exceptions import OutboundNotSendableError


class Chat(TimeStampedModel):
    """One conversation per fan per account.

    ``read_through_onlyfans_id``, ``assigned_to`` and ``pinned`` are Huntaze-owned: a sync never
    writes them. Read state is kept as "read up to this message" rather than a flag so that a fan
    message arriving after someone marked the chat read makes it unread again, without the sync
    touching a Huntaze-owned field.
    """

    account = models.ForeignKey("accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="chats")
    fan = models.ForeignKey("fans.Fan", on_delete=models.CASCADE, related_name="chats")
    last_message_onlyfans_id = models.BigIntegerField(null=True, blank=True)
    last_message_at = models.DateTimeField(null=True, blank=True)
    unread_count = models.PositiveIntegerField(default=0)
    raw = models.JSONField(default=dict, blank=True)
    read_through_onlyfans_id = models.BigIntegerField(
        _("read in Huntaze up to"),
        null=True,
        blank=True,
        help_text=_("The last message marked read in Huntaze."),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_chats",
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    # Response timers (issue 10), derived from synced messages so replies made on OnlyFans count:
    # the first fan message not yet answered, and when the creator side first answered at all.
    awaiting_reply_since = models.DateTimeField(_("waiting for a reply since"), null=True, blank=True)
    first_reply_at = models.DateTimeField(_("first reply"), null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["account", "fan"], name="chat_unique_account_fan")]
        indexes = [
            models.Index(fields=["account", "-last_message_at"], name="chat_account_lastmsg"),
            # The API's chat list across every visible account reads this instead of sorting them all.
            models.Index(fields=["-last_message_at", "-id"], name="chat_lastmsg"),
            models.Index(
                fields=["account", "awaiting_reply_since"],
                name="chat_account_awaiting",
                condition=models.Q(awaiting_reply_since__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"chat with {self.fan_id}"

    @property
    def is_read_local(self) -> bool:
        """Marked read in Huntaze, and nothing arrived since."""
        read_through, last = self.read_through_onlyfans_id, self.last_message_onlyfans_id
        return read_through is not None and (last is None or last <= read_through)

    @property
    def is_unread(self) -> bool:
        """The same rule as the ``UNREAD`` filter of ``inbox.selectors``."""
        return self.unread_count > 0 and not self.is_read_local


class Message(TimeStampedModel):
    # No index of its own: the composite indexes below start with it (one less B-tree per insert).
    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="messages", db_index=False)
    # No index of its own: ``message_fan_dir_time`` starts with it.
    fan = models.ForeignKey("fans.Fan", on_delete=models.CASCADE, related_name="messages", db_index=False)
    onlyfans_id = models.BigIntegerField(_("OnlyFans message id"))
    direction = models.CharField(max_length=10, choices=Direction.choices)
    text = models.TextField(blank=True)
    sent_at = models.DateTimeField(_("sent at"), help_text=_("OnlyFans createdAt."))
    price_cents = models.BigIntegerField(default=0)
    is_free = models.BooleanField(default=True)
    is_purchased = models.BooleanField(default=False)
    is_opened = models.BooleanField(default=False)
    is_tip = models.BooleanField(default=False)
    tip_cents = models.BigIntegerField(default=0)
    media_count = models.PositiveIntegerField(default=0)
    media_kinds = models.JSONField(default=list, blank=True)
    remote_changed_at = models.DateTimeField(null=True, blank=True)
    is_deleted = models.BooleanField(default=False)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["sent_at", "onlyfans_id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "onlyfans_id"], name="message_unique_account_ofid"),
            models.CheckConstraint(condition=models.Q(price_cents__gte=0), name="message_price_nonneg"),
        ]
        indexes = [
            models.Index(fields=["chat", "sent_at"], name="message_chat_time"),
            # The sync's per-page lookups and deletion windows: by chat and OnlyFans id.
            models.Index(fields=["chat", "onlyfans_id"], name="message_chat_ofid"),
            # Also covers the analytics' counts over a window (direction, PPV price, opened, bought):
            # they read this index alone instead of ~230k message rows for 90 days of a large account.
            models.Index(
                fields=[
                    "account",
                    "sent_at",
                    "direction",
                    "is_deleted",
                    "price_cents",
                    "is_opened",
                    "is_purchased",
                ],
                name="message_account_time_cover",
            ),
            # Segments ("silent"): has this fan written since a given time is one seek.
            models.Index(fields=["fan", "direction", "sent_at"], name="message_fan_dir_time"),
            # Segments: who bought a PPV item reads the few purchased messages only.
            models.Index(
                fields=["account", "fan"], condition=models.Q(is_purchased=True), name="message_purchased"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.onlyfans_id}"


class ChatAssignment(models.Model):
    """One change of a chat's assignee: who got it, who decided (empty: the team's automatic rule),
    and how. Append-only history; ``Chat.assigned_to`` holds the current assignee."""

    account = models.ForeignKey("accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="+")
    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="assignments")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mode = models.CharField(max_length=16, choices=AssignmentMode.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["chat", "-created_at"], name="chatassign_chat_time")]

    def __str__(self) -> str:
        return f"chat {self.chat_id} -> {self.assigned_to_id} ({self.mode})"


class MessageRevision(models.Model):
    """A remote edit or deletion of a message, as the sync saw it (the message row holds the latest)."""

    class Kind(models.TextChoices):
        EDIT = "edit", _("Edited on OnlyFans")
        DELETE = "delete", _("Deleted on OnlyFans")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    old_text = models.TextField(blank=True)
    new_text = models.TextField(blank=True)
    old_price_cents = models.BigIntegerField(default=0)
    new_price_cents = models.BigIntegerField(default=0)
    remote_changed_at = models.DateTimeField(null=True, blank=True)
    detected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["detected_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} of {self.message_id}"


class Suggestion(TimeStampedModel):
    """An AI reply suggestion. Its status follows what the human did with it."""

    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="suggestions"
    )
    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="suggestions")
    message = models.ForeignKey(
        Message,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        help_text=_("The fan message it answers; empty for a silent fan."),
    )
    intent = models.CharField(max_length=10, choices=SuggestionIntent.choices, default=SuggestionIntent.REPLY)
    text = models.TextField()
    price_cents = models.BigIntegerField(null=True, blank=True)
    rationale = models.CharField(max_length=300, blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text=_("What grounded it: past reply id, preset step…")
    )
    engine = models.CharField(max_length=20, default="local")
    model = models.CharField(max_length=120, blank=True)
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["chat", "-created_at"], name="suggestion_chat_time")]

    def __str__(self) -> str:
        return f"{self.intent}: {self.text[:40]}"


class OutboundMessage(TimeStampedModel):
    """A message a named human approved, with exactly the text and price approved.

    ``approval_digest`` binds the approval to the content: if text, price, media or recipient
    change after approval, ``assert_sendable`` refuses and the message must be approved again.
    It is created only by ``inbox.services`` inside a logged-in human's request.
    """

    account = models.ForeignKey("accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="outbound")
    chat = models.ForeignKey(Chat, on_delete=models.CASCADE, related_name="outbound")
    fan = models.ForeignKey("fans.Fan", on_delete=models.CASCADE, related_name="outbound")
    suggestion = models.ForeignKey(
        Suggestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound"
    )
    draft_text = models.TextField(
        blank=True, help_text=_("The suggestion's text before the human edited it.")
    )
    text = models.TextField()
    price_cents = models.BigIntegerField(default=0)
    locked_text = models.BooleanField(default=False)
    media_ids = models.JSONField(default=list, blank=True)
    idempotency_key = models.CharField(max_length=80)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()
    approval_request_id = models.CharField(max_length=64)
    approval_digest = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=OutboundStatus.choices, default=OutboundStatus.APPROVED)
    onlyfans_message_id = models.BigIntegerField(null=True, blank=True)
    error_code = models.CharField(max_length=80, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_at = models.DateTimeField(
        _("scheduled for"), null=True, blank=True, help_text=_("Empty: send now. Part of the approval.")
    )

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "idempotency_key"], name="outbound_unique_idempotency"
            ),
            models.CheckConstraint(condition=models.Q(price_cents__gte=0), name="outbound_price_nonneg"),
            models.CheckConstraint(condition=~models.Q(approval_request_id=""), name="outbound_has_request"),
        ]
        indexes = [
            # The minute job's "scheduled and due" read, without walking every message ever sent.
            models.Index(
                fields=["send_at"],
                name="outbound_scheduled_due",
                condition=models.Q(status="approved", send_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"outbound {self.pk} {self.status}"

    @property
    def recipient_onlyfans_id(self) -> int:
        return self.fan.onlyfans_id

    def content_digest(self) -> str:
        """HMAC of what was approved: text, price, lock, media, recipient and, when scheduled, the
        time (appended only then, so approvals recorded before scheduling existed stay valid)."""
        approved = [
            self.text,
            self.price_cents,
            self.locked_text,
            sorted(self.media_ids),
            self.fan_id,
            self.approved_by_id,
        ]
        if self.send_at is not None:
            approved.append(self.send_at.astimezone(UTC).isoformat())
        payload = json.dumps(approved, separators=(",", ":"))
        return hmac.new(settings.SECRET_KEY.encode(), payload.encode(), hashlib.sha256).hexdigest()

    def assert_sendable(self) -> None:
        """Raise unless this is a human approval whose content is unchanged since approval."""
        if self.status != OutboundStatus.APPROVED:
            raise OutboundNotSendableError(f"Outbound message is {self.status}, not approved.")
        if not self.approved_by_id or not self.approved_at or not self.approval_request_id:
            raise OutboundNotSendableError("Outbound message has no human approval.")
        if not hmac.compare_digest(self.approval_digest, self.content_digest()):
            raise OutboundNotSendableError("Outbound message changed after approval: approve it again.")
