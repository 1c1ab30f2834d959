"""The shape of a niche preset, validated strictly so a typo in a data file or an override fails loudly.

Money is integer cents. Every model forbids unknown fields. Text a fan may read (DM templates,
greetings, the upsell menu) must pass the inbox compliance guard with no hit at all: a preset that
ships a blocked phrase, or one needing an override reason on every send, is a broken preset.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from huntaze.inbox.compliance import compliance_check
from huntaze.presets.choices import PresetSlug
from huntaze.presets.exceptions import TemplateInvalidError
from huntaze.presets.placeholders import template_placeholders

PpvTier = Literal["teaser", "standard", "premium", "custom"]
SpendBandName = Literal["new", "regular", "big_spender", "whale"]
EmojiLevel = Literal["none", "light", "moderate", "heavy"]
Platform = Literal[
    "instagram",
    "tiktok",
    "reddit",
    "twitter_x",
    "threads",
    "telegram_channel",
    "bluesky",
    "youtube",
    "twitch",
]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
KpiKey = Literal[
    "renew_on_rate",
    "arpu_cents",
    "arppu_cents",
    "ppv_open_rate",
    "ppv_purchase_rate",
    "response_time_minutes",
    "churn_rate_30d",
    "messages_per_fan_per_week",
]
KpiUnit = Literal["percent", "cents", "minutes", "messages"]

KPI_UNITS: dict[KpiKey, KpiUnit] = {
    "renew_on_rate": "percent",
    "arpu_cents": "cents",
    "arppu_cents": "cents",
    "ppv_open_rate": "percent",
    "ppv_purchase_rate": "percent",
    "response_time_minutes": "minutes",
    "churn_rate_30d": "percent",
    "messages_per_fan_per_week": "messages",
}
# OnlyFans limits: a paid page costs $4.99 to $49.99 a month (or is free); a paid message costs at least
# $3. OnlyFans has capped one paid message at $100 to $200 over the years: $200 is a ceiling, not advice.
SUBSCRIPTION_MIN_CENTS = 499
SUBSCRIPTION_MAX_CENTS = 4999
PPV_MIN_CENTS = 300
PPV_MAX_CENTS = 20000
DM_SEQUENCE_DAYS = tuple(range(7))


def _compliant(text: str) -> str:
    result = compliance_check(text=text)
    if not result.ok:
        rules = "; ".join(f"{hit.rule_id} ({hit.label}) at {hit.excerpt!r}" for hit in result.hits)
        raise ValueError(f"text a fan may read breaks compliance rules: {rules}")
    return text


def _template(text: str) -> str:
    try:
        template_placeholders(template=text)
    except TemplateInvalidError as exc:
        raise ValueError(exc.message) from exc
    return text


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
FanText = Annotated[Text, AfterValidator(_compliant)]
FanTemplate = Annotated[Text, AfterValidator(_template), AfterValidator(_compliant)]
Kind = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]


def _duplicates(values: list[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CentsRange(_Schema):
    min_cents: int = Field(ge=0)
    max_cents: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> CentsRange:
        if self.min_cents > self.max_cents:
            raise ValueError(f"min_cents ({self.min_cents}) is above max_cents ({self.max_cents})")
        return self


class CountRange(_Schema):
    min: int = Field(ge=0)
    max: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> CountRange:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        return self


class Voice(_Schema):
    do: tuple[Text, ...] = Field(min_length=3)
    dont: tuple[Text, ...] = Field(min_length=3)


class Tone(_Schema):
    persona_traits: tuple[Text, ...] = Field(min_length=3)
    voice: Voice
    emoji_level: EmojiLevel
    example_greetings: tuple[FanTemplate, ...] = Field(min_length=2)


class SubscriptionPrice(_Schema):
    """The monthly price band; 0 everywhere means a free page that earns on PPV and tips."""

    min_cents: int
    recommended_cents: int
    max_cents: int

    @model_validator(mode="after")
    def _valid(self) -> SubscriptionPrice:
        for field in ("min_cents", "recommended_cents", "max_cents"):
            cents = getattr(self, field)
            if cents != 0 and not SUBSCRIPTION_MIN_CENTS <= cents <= SUBSCRIPTION_MAX_CENTS:
                raise ValueError(
                    f"{field} ({cents}) must be 0 (free page) or between {SUBSCRIPTION_MIN_CENTS} and "
                    f"{SUBSCRIPTION_MAX_CENTS} cents, the OnlyFans limits"
                )
        if not self.min_cents <= self.recommended_cents <= self.max_cents:
            raise ValueError(
                f"recommended_cents ({self.recommended_cents}) must lie between min_cents ({self.min_cents}) "
                f"and max_cents ({self.max_cents})"
            )
        return self


class PpvTiers(_Schema):
    """Price bands of pay-per-view messages, from the cheapest teaser to a custom made for one fan."""

    teaser: CentsRange
    standard: CentsRange
    premium: CentsRange
    custom: CentsRange

    @model_validator(mode="after")
    def _valid(self) -> PpvTiers:
        tiers: tuple[str, ...] = get_args(PpvTier)
        for tier in tiers:
            band: CentsRange = getattr(self, tier)
            if band.min_cents < PPV_MIN_CENTS or band.max_cents > PPV_MAX_CENTS:
                raise ValueError(
                    f"{tier} must stay between {PPV_MIN_CENTS} and {PPV_MAX_CENTS} cents "
                    f"(got {band.min_cents}..{band.max_cents})"
                )
        for cheaper, dearer in pairwise(tiers):
            if getattr(self, cheaper).min_cents > getattr(self, dearer).min_cents:
                raise ValueError(f"{cheaper}.min_cents is above {dearer}.min_cents: tiers must rise in price")
        return self


class Bundle(_Schema):
    months: Literal[3, 6, 12]
    discount_percent: int = Field(ge=1, le=90)


class SpendBand(_Schema):
    """Fans whose lifetime spend is at least ``min_total_cents`` get this band and this PPV tier.

    ``fan_label`` fills ``{spend_band}`` in templates: fans read it, so it is "VIP", never "whale".
    """

    band: SpendBandName
    fan_label: FanText
    min_total_cents: int = Field(ge=0)
    offer_tier: PpvTier


class Pricing(_Schema):
    subscription: SubscriptionPrice
    ppv_tiers: PpvTiers
    bundles: tuple[Bundle, ...]
    discount_guidance: tuple[Text, ...] = Field(min_length=1)
    spend_bands: tuple[SpendBand, ...]

    @field_validator("bundles")
    @classmethod
    def _one_bundle_per_length(cls, bundles: tuple[Bundle, ...]) -> tuple[Bundle, ...]:
        if duplicates := _duplicates([str(bundle.months) for bundle in bundles]):
            raise ValueError(f"several bundles for {', '.join(duplicates)} months")
        return bundles

    @field_validator("spend_bands")
    @classmethod
    def _bands_rise(cls, bands: tuple[SpendBand, ...]) -> tuple[SpendBand, ...]:
        names = tuple(band.band for band in bands)
        expected = get_args(SpendBandName)
        if names != expected:
            raise ValueError(f"must be {', '.join(expected)} in this order (got {list(names)})")
        thresholds = [band.min_total_cents for band in bands]
        if thresholds[0] != 0:
            raise ValueError("the first band (new) must start at min_total_cents 0")
        if any(low >= high for low, high in pairwise(thresholds)):
            raise ValueError(f"min_total_cents must strictly rise (got {thresholds})")
        return bands

    def spend_band_for(self, *, total_cents: int) -> SpendBand:
        """The band of a fan who has spent ``total_cents`` in all."""
        return [band for band in self.spend_bands if band.min_total_cents <= total_cents][-1]


class SendWindow(_Schema):
    """Hours in the account's time zone; ``end_hour`` is excluded and may wrap past midnight (22 -> 2)."""

    start_hour: int = Field(ge=0, le=23)
    end_hour: int = Field(ge=0, le=23)

    @model_validator(mode="after")
    def _not_empty(self) -> SendWindow:
        if self.start_hour == self.end_hour:
            raise ValueError("start_hour and end_hour are equal: the window would be empty")
        return self


class DmStep(_Schema):
    """One day of the welcome sequence; the inbox turns its templates into suggestions a human approves."""

    day: int = Field(ge=0, le=6)
    goal: Text
    send_window: SendWindow
    ppv_tier: PpvTier | None = None
    templates: tuple[FanTemplate, ...] = Field(min_length=2, max_length=3)

    @model_validator(mode="after")
    def _price_needs_tier(self) -> DmStep:
        priced = any("price" in template_placeholders(template=template) for template in self.templates)
        if priced and self.ppv_tier is None:
            raise ValueError("templates use {price} but the step has no ppv_tier to price")
        return self


class ContentShare(_Schema):
    kind: Kind
    share_percent: int = Field(ge=1, le=100)


class WeeklyTheme(_Schema):
    weekday: Weekday
    theme: Text


class PostCadence(_Schema):
    posts_per_day: CountRange
    stories_per_day: CountRange
    content_mix: tuple[ContentShare, ...] = Field(min_length=2)
    weekly_themes: tuple[WeeklyTheme, ...] = Field(min_length=1)

    @field_validator("content_mix")
    @classmethod
    def _mix_is_whole(cls, mix: tuple[ContentShare, ...]) -> tuple[ContentShare, ...]:
        total = sum(share.share_percent for share in mix)
        if total != 100:
            raise ValueError(f"share_percent must sum to 100 (got {total})")
        if duplicates := _duplicates([share.kind for share in mix]):
            raise ValueError(f"a kind is listed more than once: {', '.join(duplicates)}")
        return mix

    @field_validator("weekly_themes")
    @classmethod
    def _one_theme_per_day(cls, themes: tuple[WeeklyTheme, ...]) -> tuple[WeeklyTheme, ...]:
        if duplicates := _duplicates([theme.weekday for theme in themes]):
            raise ValueError(f"a weekday is listed more than once: {', '.join(duplicates)}")
        return themes


class UpsellItem(_Schema):
    name: FanText
    description: FanText
    price: CentsRange
    delivery_days: CountRange


class PlatformAdvice(_Schema):
    safe_to_post: tuple[Text, ...] = Field(min_length=1)
    gets_banned: tuple[Text, ...] = Field(min_length=1)
    link_strategy: Text
    posting_frequency: Text


class Promotion(_Schema):
    platforms: dict[Platform, PlatformAdvice] = Field(min_length=4)
    diversification: Text


class Kpi(_Schema):
    key: KpiKey
    label: Text
    target_min: int = Field(ge=0)
    target_max: int = Field(ge=0)
    unit: KpiUnit

    @model_validator(mode="after")
    def _valid(self) -> Kpi:
        if self.unit != KPI_UNITS[self.key]:
            raise ValueError(f"{self.key} is measured in {KPI_UNITS[self.key]}, not {self.unit}")
        if self.target_min > self.target_max:
            raise ValueError(f"target_min ({self.target_min}) is above target_max ({self.target_max})")
        if self.unit == "percent" and self.target_max > 100:
            raise ValueError(f"target_max ({self.target_max}) is above 100 percent")
        return self


class Preset(_Schema):
    """Everything Huntaze suggests for one niche: tone, prices, welcome DMs, posting, promotion, targets."""

    slug: PresetSlug
    name: Text
    summary: Text
    tone: Tone
    pricing: Pricing
    dm_sequence: tuple[DmStep, ...]
    post_cadence: PostCadence
    upsell_menu: tuple[UpsellItem, ...] = Field(min_length=3)
    promotion: Promotion
    kpis: tuple[Kpi, ...] = Field(min_length=1)
    compliance_notes: tuple[Text, ...] = Field(min_length=3)

    @field_validator("dm_sequence")
    @classmethod
    def _one_step_per_day(cls, steps: tuple[DmStep, ...]) -> tuple[DmStep, ...]:
        days = tuple(step.day for step in steps)
        if days != DM_SEQUENCE_DAYS:
            missing = sorted(set(DM_SEQUENCE_DAYS) - set(days))
            raise ValueError(
                f"needs 7 steps, days 0 to 6 once each, in order (got {list(days)}, missing {missing})"
            )
        return steps

    @field_validator("upsell_menu")
    @classmethod
    def _unique_items(cls, items: tuple[UpsellItem, ...]) -> tuple[UpsellItem, ...]:
        if duplicates := _duplicates([item.name for item in items]):
            raise ValueError(f"a name is listed more than once: {', '.join(duplicates)}")
        return items

    @field_validator("kpis")
    @classmethod
    def _unique_kpis(cls, kpis: tuple[Kpi, ...]) -> tuple[Kpi, ...]:
        if duplicates := _duplicates([kpi.key for kpi in kpis]):
            raise ValueError(f"a key is listed more than once: {', '.join(duplicates)}")
        return kpis
