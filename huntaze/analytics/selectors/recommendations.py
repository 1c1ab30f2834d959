"""Reads of the stored recommendations (written by ``services.calibration_refresh``)."""

from __future__ import annotations

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.models import Recommendation


def recommendation_list(*, account: OnlyFansAccount) -> list[Recommendation]:
    """The account's latest recommendations, most important first; "not enough data" ones last."""
    return list(Recommendation.objects.filter(account=account).select_related("fan"))


def recommendation_top(*, account: OnlyFansAccount, limit: int = 3) -> list[Recommendation]:
    """The ``limit`` most important recommendations that call for an action (for the hub)."""
    return list(Recommendation.objects.filter(account=account, priority__gt=0).select_related("fan")[:limit])
