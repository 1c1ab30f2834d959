from django.db import models
from django.utils.translation import gettext_lazy as _


class SpendTier(models.TextChoices):
    """Fixed tier names; each team (or account) chooses the thresholds."""

    BRONZE = "bronze", _("Bronze")
    SILVER = "silver", _("Silver")
    GOLD = "gold", _("Gold")
    PLATINUM = "platinum", _("Platinum")


class TagMatch(models.TextChoices):
    ANY = "any", _("has any of")
    ALL = "all", _("has all of")
    NONE = "none", _("has none of")


class BuiltinSegment(models.TextChoices):
    """The segments every account starts with (``services.SEGMENT_DEFAULTS``)."""

    NEW_THIS_WEEK = "new_this_week", _("New this week")
    EXPIRING_3_DAYS = "expiring_3_days", _("Expiring in 3 days")
    WHALES = "whales", _("Whales")
    NO_SPENDERS = "no_spenders", _("No-spenders")
    SILENT_14_DAYS = "silent_14_days", _("Silent 14 days")
