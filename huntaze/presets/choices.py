from django.db import models
from django.utils.translation import gettext_lazy as _


class PresetSlug(models.TextChoices):
    """The niches Huntaze ships a preset for: one ``data/<slug>.json`` each, names shown in the UI."""

    GFE = "gfe", _("Girlfriend experience")
    SOFT_GLAM = "soft_glam", _("Soft glam")
    TRAVEL = "travel", _("Travel")
    COSPLAY = "cosplay", _("Cosplay")
    FITNESS = "fitness", _("Fitness")
    DOMINATRIX = "dominatrix", _("Dominatrix")
    FEET = "feet", _("Feet")
    MILF = "milf", _("MILF")
    ALT = "alt", _("Alternative")
    GAMER = "gamer", _("Gamer")
    COUPLE = "couple", _("Couple")
