"""Rule 4 — Instagram/TikTok risk: how much of the new-subscriber flow depends on two platforms that
ban adult creators' accounts without warning, with the niche preset's advice on what gets banned.

The traffic source is the ``referral`` field of a fan row (kept in ``Fan.raw`` by the sync). The
public API reference (``docs/onlyfans-api.md`` of the shared notes) shows no tracking-link or
campaign data, and the simulator is the only source known to send ``referral``: on an account whose
rows lack it, the rule says "not enough data yet" instead of guessing.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count
from django.db.models.fields.json import KeyTextTransform

from huntaze.accounts.models import OnlyFansAccount
from huntaze.analytics.calibration.findings import Evidence, Finding, not_enough_data
from huntaze.analytics.choices import CalibrationRule, Confidence, RecommendationAction
from huntaze.analytics.selectors.kpis import account_preset
from huntaze.analytics.window import window_ending
from huntaze.fans.models import Fan

RULE = CalibrationRule.SOCIAL_RISK
WINDOW_DAYS = 90
SOURCE_KEY = "referral"
RISKY_SOURCES = ("instagram", "tiktok")
MIN_KNOWN_SOURCES = 30  # new subscribers whose source is known
HIGH_RISK_SHARE = 60  # percent of known-source new subscribers from Instagram + TikTok
MEDIUM_RISK_SHARE = 40


def new_subscriber_sources(*, account: OnlyFansAccount, since: datetime, until: datetime) -> dict[str, int]:
    """New subscribers of ``[since, until)`` per traffic source (``""`` = unknown)."""
    rows = (
        Fan.objects.filter(account=account, subscribed_at__gte=since, subscribed_at__lt=until)
        .order_by()
        .annotate(source=KeyTextTransform(SOURCE_KEY, "raw"))
        .values_list("source")
        .annotate(count=Count("pk"))
    )
    sources: dict[str, int] = {}
    for source, count in rows:
        key = (source or "").strip().lower()
        # A JSON null comes back as SQL NULL on PostgreSQL but as the text "null" on SQLite.
        key = "" if key == "null" else key
        sources[key] = sources.get(key, 0) + count
    return sources


def social_risk(*, account: OnlyFansAccount, until: datetime) -> list[Finding]:
    window = window_ending(days=WINDOW_DAYS, until=until)
    sources = new_subscriber_sources(account=account, since=window.since, until=window.until)
    known = sum(count for source, count in sources.items() if source)
    if known < MIN_KNOWN_SOURCES:
        return [not_enough_data(RULE, window, metric="known_sources", have=known, need=MIN_KNOWN_SOURCES)]
    risky = {source: sources.get(source, 0) for source in RISKY_SOURCES}
    share = round(100 * sum(risky.values()) / known)
    if share >= HIGH_RISK_SHARE:
        action, level, priority = RecommendationAction.DIVERSIFY, "high", 75
    elif share >= MEDIUM_RISK_SHARE:
        action, level, priority = RecommendationAction.DIVERSIFY, "medium", 45
    else:
        action, level, priority = RecommendationAction.TRAFFIC_OK, "low", 10
    preset, _problem = account_preset(account)
    advice: list[str] = []
    if preset is not None and action == RecommendationAction.DIVERSIFY:
        platforms = preset.promotion.platforms
        advice = [
            rule for source in RISKY_SOURCES if source in platforms for rule in platforms[source].gets_banned
        ]
        advice.append(preset.promotion.diversification)
    confidence = Confidence.HIGH if known >= 4 * MIN_KNOWN_SOURCES else Confidence.MEDIUM
    others = sorted(
        (source for source in sources if source and source not in RISKY_SOURCES),
        key=lambda source: -sources[source],
    )
    return [
        Finding(
            rule=RULE,
            action=action,
            confidence=confidence,
            priority=priority,
            window=window,
            params={"share": share, "level": level, "advice": advice},
            evidence=(
                Evidence("new_subscribers", sum(sources.values())),
                Evidence("known_sources", known),
                *(Evidence(f"source_{source}", count) for source, count in risky.items()),
                Evidence("risky_share", share, "percent"),
                Evidence("other_sources", ", ".join(others) or "-", "text"),
                Evidence("window_days", WINDOW_DAYS, "days"),
            ),
        )
    ]
