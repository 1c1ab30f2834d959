from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginStage(models.TextChoices):
    """Which secret a failed attempt got wrong: both count towards the same lock."""

    PASSWORD = "password", _("Password")
    CODE = "code", _("Two-factor code")


class LockScope(models.TextChoices):
    USERNAME = "username", _("Username")
    IP = "ip", _("IP address")
