from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    INCOMING = "incoming", _("From fan")
    OUTGOING = "outgoing", _("From creator")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved as is")
    EDITED = "edited", _("Edited")
    REJECTED = "rejected", _("Rejected")
    SENT = "sent", _("Sent")


class SuggestionIntent(models.TextChoices):
    REPLY = "reply", _("Reply")
    UPSELL = "upsell", _("Upsell")
    REENGAGE = "reengage", _("Re-engage")


class OutboundStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ComplianceSeverity(models.TextChoices):
    BLOCK = "block", _("Blocked")
    WARN = "warn", _("Needs a reason")


class ComplianceCategory(models.TextChoices):
    PAYMENT = "payment", _("Off-platform payment")
    CONTACT = "contact", _("Off-platform contact")
    MEETING = "meeting", _("Meeting in person")
    MINORS = "minors", _("Minors")
    PROHIBITED = "prohibited", _("Prohibited theme")
    PLATFORM = "platform", _("Other platform")
    PROMISE = "promise", _("Promise to a fan")
    LINK = "link", _("External link")
