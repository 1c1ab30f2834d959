from django.db import models
from django.utils.translation import gettext_lazy as _


class Period(models.IntegerChoices):
    """The analytics page's windows, in days."""

    WEEK = 7, _("Last 7 days")
    MONTH = 30, _("Last 30 days")
    QUARTER = 90, _("Last 90 days")


class CalibrationRule(models.TextChoices):
    HEATMAP_HOURS = "heatmap_hours", _("Best hours")
    VOLUME = "volume", _("Message volume")
    EARLY_VIP = "early_vip", _("Early VIP")
    SOCIAL_RISK = "social_risk", _("Instagram/TikTok risk")


class RecommendationAction(models.TextChoices):
    NOT_ENOUGH_DATA = "not_enough_data", _("Not enough data yet")
    DM_HOURS = "dm_hours", _("Send DMs and PPV at these hours")
    POST_HOURS = "post_hours", _("Post at these hours")
    HOURS_FLAT = "hours_flat", _("No clear peak hours")
    SEND_MORE = "send_more", _("Send more")
    HOLD = "hold", _("Hold the volume")
    SEND_LESS = "send_less", _("Send less")
    EARLY_VIP = "early_vip", _("Early VIP")
    NO_EARLY_VIP = "no_early_vip", _("No early VIP")
    DIVERSIFY = "diversify", _("Diversify traffic")
    TRAFFIC_OK = "traffic_ok", _("Traffic is diversified")


class Confidence(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
