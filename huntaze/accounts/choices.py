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
