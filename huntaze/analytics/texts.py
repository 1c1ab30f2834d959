"""The words of the recommendations, translated when shown (rows store codes and numbers only)."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huntaze.analytics.choices import RecommendationAction as A

HEADLINES: dict[str, Promise] = {
    A.NOT_ENOUGH_DATA: _("Not enough data yet: %(have)s %(metric)s, at least %(need)s needed."),
    A.POST_HOURS: _("Post between %(start)s and %(end)s: %(share)s%% of fan messages arrive then."),
    A.DM_HOURS: _("Send DMs and PPV between %(start)s and %(end)s: %(share)s%% of spending happens then."),
    A.HOURS_FLAT: _("No peak hours for %(target)s yet: activity is spread evenly over the day."),
    A.SEND_MORE: _(
        "Send more: PPV purchases held (%(purchase_rate)s%% vs %(purchase_rate_before)s%%) and "
        "unsubscribes did not rise. Try about 15%% more PPV for two weeks."
    ),
    A.HOLD: _("Hold your current volume: the last two weeks show no clear signal either way."),
    A.SEND_LESS: _(
        "Send less: fans show fatigue or leave faster (purchase rate %(purchase_rate)s%% vs "
        "%(purchase_rate_before)s%%, unsubscribes %(unsubscribes)s vs %(unsubscribes_before)s). "
        "Cut mass PPV by about a fifth."
    ),
    A.EARLY_VIP: _(
        "%(fan)s spent in their first %(days)s days what puts a fan in your top %(top_percent)s%%: "
        "give them personal attention."
    ),
    A.NO_EARLY_VIP: _(
        "None of the %(new_subscribers)s new subscribers reached your top %(top_percent)s%% in their "
        "first %(days)s days."
    ),
    A.DIVERSIFY: _(
        "%(share)s%% of new subscribers come from Instagram or TikTok (%(level)s risk): a ban there "
        "would cut your growth. Build other traffic sources."
    ),
    A.TRAFFIC_OK: _(
        "Only %(share)s%% of new subscribers come from Instagram or TikTok: traffic is diversified."
    ),
}

METRICS: dict[str, Promise] = {
    "history": _("synced messages or sales"),
    "fan_messages": _("fan messages"),
    "sales": _("sales"),
    "ppv_per_window": _("PPV messages in the quieter of the two weeks compared"),
    "paying_fans": _("paying fans"),
    "new_subscribers": _("new subscribers"),
    "known_sources": _("new subscribers with a known traffic source"),
}

TARGETS: dict[str, Promise] = {"posts": _("posts"), "messages": _("DMs and PPV")}
LEVELS: dict[str, Promise] = {"high": _("high"), "medium": _("medium"), "low": _("low")}

EVIDENCE_LABELS: dict[str, Promise] = {
    **METRICS,
    "threshold": _("Needed"),
    "sample": _("Data points"),
    "block_share": _("Share of the best 3 hours"),
    "even_share": _("Share if spread evenly"),
    "lift": _("Lift over even"),
    "window_days": _("Days looked at"),
    "ppv_sent": _("PPV sent, last 2 weeks"),
    "ppv_sent_before": _("PPV sent, 2 weeks before"),
    "messages_sent": _("Messages sent, last 2 weeks"),
    "messages_sent_before": _("Messages sent, 2 weeks before"),
    "open_rate": _("PPV open rate, last 2 weeks"),
    "open_rate_before": _("PPV open rate, 2 weeks before"),
    "purchase_rate": _("PPV purchase rate, last 2 weeks"),
    "purchase_rate_before": _("PPV purchase rate, 2 weeks before"),
    "purchase_z": _("Purchase-rate change (z score)"),
    "unsubscribes": _("Expired subscriptions, last 2 weeks"),
    "unsubscribes_before": _("Expired subscriptions, 2 weeks before"),
    "new_subscribers": _("New subscribers"),
    "top_threshold": _("Lifetime spend of the top 10%"),
    "first_days": _("First days counted"),
    "first_days_spend": _("Spent in the first days"),
    "lifetime_spend": _("Lifetime spend"),
    "subscribed_on": _("Subscribed on"),
    "source_instagram": _("From Instagram"),
    "source_tiktok": _("From TikTok"),
    "risky_share": _("Instagram + TikTok share"),
    "other_sources": _("Other sources"),
}


def headline(action: str, params: dict[str, Any]) -> str:
    """The recommendation's sentence in the active language."""
    values = dict(params)
    if "start_hour" in values:
        values["start"], values["end"] = f"{values['start_hour']:02d}:00", f"{values['end_hour']:02d}:00"
    if "metric" in values:
        values["metric"] = METRICS.get(values["metric"], values["metric"])
    if "target" in values:
        values["target"] = TARGETS.get(values["target"], values["target"])
    if "level" in values:
        values["level"] = LEVELS.get(values["level"], values["level"])
    return str(HEADLINES[action]) % values
