from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SENDING = "sending", _("Sending")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class SequenceKind(models.TextChoices):
    WELCOME = "welcome", _("Welcome series")
    WINBACK = "winback", _("Win-back")
    NO_REPLY = "no_reply", _("No-reply follow-up")


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class DraftStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DISMISSED = "dismissed", _("Dismissed")
    CANCELLED = "cancelled", _("Cancelled")
