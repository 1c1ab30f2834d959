from django.db import models
from django.utils.translation import gettext_lazy as _


class ClockKind(models.TextChoices):
    IN = "in", _("Clocked in")
    OUT = "out", _("Clocked out")
