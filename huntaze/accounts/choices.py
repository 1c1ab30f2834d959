from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    CHATTER = "chatter", _("Chatter")


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    NEEDS_REAUTH = "needs_reauth", _("Needs re-authentication")
    DISCONNECTED = "disconnected", _("Disconnected")
    ERROR = "error", _("Error")


class AssignmentMode(models.TextChoices):
    MANUAL = "manual", _("Manual")
    ROUND_ROBIN = "round_robin", _("Round-robin")
    CAPACITY = "capacity", _("By capacity")


class AttributionModel(models.TextChoices):
    SENDER = "sender", _("Sender of the PPV message")
    ON_SHIFT = "on_shift", _("Chatter on shift")
    LAST_CHATTER = "last_chatter", _("Last chatter who messaged the fan")
