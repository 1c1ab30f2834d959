"""Segment rules: what a definition may say, and the one ``Q`` over ``Fan`` it becomes.

A definition is a list of rules that must all hold (AND); an ``any`` group inside it holds
when one of its rules does (OR). Pydantic refuses anything else (unknown kinds or keys, days out
of range, more than ``RULES_MAX`` rules), so a bad definition is a 422 with the failing fields,
never a database error.

Every rule compiles to a condition on the fan row or a subquery on the rows synced for it
(messages, chats, tags): ``Exists()`` where an index answers it in one seek, ``IN (…)`` where
the set is small read from the other side. Membership is one SQL query, counted or paged by
the database; only the whales' top-percent threshold is read before it (two index reads).

What an *item* is (``bought`` / ``never_bought``): a PPV message as the sync stores it.
``queue:<id>`` is a mass message, whose copies in every chat share OnlyFans's ``queueId`` (kept
in ``Message.raw``); ``message:<id>`` is one message by its OnlyFans id. A fan bought it when
their copy is ``is_purchased`` (the creator's PPV, unlocked). Posts are not items: OnlyFans's
ledger rows for a post purchase do not say which post, and the sync keeps no per-fan purchase of
posts, so there is nothing to match a post against.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from huntaze.api.schemas import storable_str
from huntaze.fans.choices import SubscriptionStatus
from huntaze.fans.models import Fan
from huntaze.fans.services import TAG_MAX_LENGTH
from huntaze.inbox.choices import Direction
from huntaze.inbox.models import Chat, Message
from huntaze.segments.choices import SpendTier, TagMatch
from huntaze.web.templatetags.money import cents

RULES_MAX = 20
DAYS_MAX = 3650
TAGS_PER_RULE_MAX = 20
SPEND_MAX_CENTS = 10**12
ITEM_PATTERN = r"^(queue|message):[1-9][0-9]{0,17}$"

Days = Annotated[int, Field(ge=1, le=DAYS_MAX, strict=True)]
ItemKey = Annotated[
    str,
    Field(
        pattern=ITEM_PATTERN,
        max_length=30,
        description="`queue:<OnlyFans queueId>` (a mass PPV) or `message:<OnlyFans message id>`.",
    ),
]


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What rules are evaluated against: the account, the moment, its spend tier minimums."""

    account_id: int
    now: datetime
    tiers: Mapping[str, int]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def q(self, ctx: RuleContext) -> Q:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


class NewRule(_Rule):
    """Subscribed at most ``days`` ago."""

    kind: Literal["new"]
    days: Days

    def q(self, ctx: RuleContext) -> Q:
        return Q(subscribed_at__gte=ctx.now - timedelta(days=self.days))

    def describe(self) -> str:
        return ngettext(
            "Subscribed in the last %(days)d day", "Subscribed in the last %(days)d days", self.days
        ) % {"days": self.days}


class ExpiringRule(_Rule):
    """An active subscription whose current period ends within ``days`` (auto-renew or not)."""

    kind: Literal["expiring"]
    days: Days

    def q(self, ctx: RuleContext) -> Q:
        return Q(
            subscription_status=SubscriptionStatus.ACTIVE,
            expires_at__gte=ctx.now,
            expires_at__lte=ctx.now + timedelta(days=self.days),
        )

    def describe(self) -> str:
        return ngettext(
            "Subscription ends within %(days)d day", "Subscription ends within %(days)d days", self.days
        ) % {"days": self.days}


class ExpiredRule(_Rule):
    kind: Literal["expired"]

    def q(self, ctx: RuleContext) -> Q:
        return Q(subscription_status=SubscriptionStatus.EXPIRED)

    def describe(self) -> str:
        return _("Subscription expired")


class RenewRule(_Rule):
    """Active subscribers with auto-renew on (``on``) or off; an ended subscription renews nothing."""

    kind: Literal["renew"]
    on: bool = Field(strict=True)

    def q(self, ctx: RuleContext) -> Q:
        return Q(subscription_status=SubscriptionStatus.ACTIVE, renew_on=self.on)

    def describe(self) -> str:
        return _("Auto-renew on") if self.on else _("Auto-renew off")


class SpendTierRule(_Rule):
    """Total spend from the tier's minimum up to (not including) the next tier's."""

    kind: Literal["spend_tier"]
    tier: SpendTier

    def q(self, ctx: RuleContext) -> Q:
        order = list(SpendTier.values)
        condition = Q(spend_total_cents__gte=ctx.tiers[self.tier])
        following = order.index(self.tier) + 1
        if following < len(order):
            condition &= Q(spend_total_cents__lt=ctx.tiers[order[following]])
        return condition

    def describe(self) -> str:
        return _("Spend tier: %(tier)s") % {"tier": SpendTier(self.tier).label}


class NoSpenderRule(_Rule):
    kind: Literal["no_spender"]

    def q(self, ctx: RuleContext) -> Q:
        return Q(spend_total_cents__lte=0)

    def describe(self) -> str:
        return _("Never spent anything")


class WhalesRule(_Rule):
    """The biggest spenders: the top ``top_percent`` of the account's paying fans (at least the
    top one; ties at the cut are all in or all out), or everyone from ``min_cents`` up."""

    kind: Literal["whales"]
    top_percent: float | None = Field(None, gt=0, le=100, allow_inf_nan=False)
    min_cents: int | None = Field(None, ge=1, le=SPEND_MAX_CENTS, strict=True)

    @model_validator(mode="after")
    def _one_threshold(self) -> WhalesRule:
        if (self.top_percent is None) == (self.min_cents is None):
            raise ValueError("give exactly one of top_percent and min_cents")
        return self

    def q(self, ctx: RuleContext) -> Q:
        threshold = self.min_cents if self.min_cents is not None else _top_threshold(ctx, self.top_percent)
        return Q(pk__in=[]) if threshold is None else Q(spend_total_cents__gte=threshold)

    def describe(self) -> str:
        if self.min_cents is not None:
            return _("Spent at least %(amount)s") % {"amount": cents(self.min_cents)}
        return _("Top %(percent)s%% of spenders") % {"percent": f"{self.top_percent:g}"}


class BoughtRule(_Rule):
    kind: Literal["bought"]
    item: ItemKey

    def q(self, ctx: RuleContext) -> Q:
        return Q(pk__in=_buyers(ctx, self.item))

    def describe(self) -> str:
        return _("Bought %(item)s") % {"item": item_label(self.item)}


class NeverBoughtRule(_Rule):
    kind: Literal["never_bought"]
    item: ItemKey

    def q(self, ctx: RuleContext) -> Q:
        return ~Q(pk__in=_buyers(ctx, self.item))

    def describe(self) -> str:
        return _("Never bought %(item)s") % {"item": item_label(self.item)}


class SilentRule(_Rule):
    """Fans with a chat and no message from them in the last ``days``, including fans who never
    answered the creator; a fan without a chat is nobody to be silent with."""

    kind: Literal["silent"]
    days: Days

    def q(self, ctx: RuleContext) -> Q:
        # Read from the chats' side: only fans with a chat are looked up (one seek each in the
        # message index by fan, direction and time), and only the silent ones are fan rows read.
        recent = Message.objects.filter(
            fan_id=OuterRef("fan_id"),
            direction=Direction.INCOMING,
            sent_at__gte=ctx.now - timedelta(days=self.days),
        )
        silent = Chat.objects.filter(account_id=ctx.account_id).exclude(Exists(recent)).values("fan_id")
        return Q(pk__in=silent)

    def describe(self) -> str:
        return ngettext(
            "No message from the fan in the last %(days)d day",
            "No message from the fan in the last %(days)d days",
            self.days,
        ) % {"days": self.days}


class TagsRule(_Rule):
    """Tag names are matched as the fans page stores them: trimmed and lower case."""

    kind: Literal["tags"]
    match: TagMatch
    tags: list[storable_str(TAG_MAX_LENGTH, min_length=1)] = Field(min_length=1, max_length=TAGS_PER_RULE_MAX)

    @field_validator("tags")
    @classmethod
    def _clean(cls, tags: list[str]) -> list[str]:
        cleaned = sorted({tag.strip().lower() for tag in tags})
        if "" in cleaned:
            raise ValueError("tag names must not be blank")
        return cleaned

    def q(self, ctx: RuleContext) -> Q:
        # The fans of a few tags (read from the tags' side) rather than a lookup for every fan.
        links = Fan.tags.through.objects.filter(tag__account_id=ctx.account_id)
        if self.match == TagMatch.ALL:
            condition = Q()
            for tag in self.tags:
                condition &= Q(pk__in=links.filter(tag__name=tag).values("fan_id"))
            return condition
        tagged = Q(pk__in=links.filter(tag__name__in=self.tags).values("fan_id"))
        return tagged if self.match == TagMatch.ANY else ~tagged

    def describe(self) -> str:
        return _("Tags: %(match)s %(tags)s") % {
            "match": TagMatch(self.match).label,
            "tags": ", ".join(self.tags),
        }


# Every kind a rule can be; ``kind`` picks the class (pydantic's discriminated union).
_KINDS = (
    NewRule
    | ExpiringRule
    | ExpiredRule
    | RenewRule
    | SpendTierRule
    | NoSpenderRule
    | WhalesRule
    | BoughtRule
    | NeverBoughtRule
    | SilentRule
    | TagsRule
)


class AnyGroup(_Rule):
    """Holds when at least one of its rules does (groups do not nest)."""

    kind: Literal["any"]
    rules: list[Annotated[_KINDS, Field(discriminator="kind")]] = Field(min_length=1, max_length=RULES_MAX)

    def q(self, ctx: RuleContext) -> Q:
        condition = Q()
        for rule in self.rules:
            condition |= rule.q(ctx)
        return condition

    def describe(self) -> str:
        return _("Any of: %(rules)s") % {"rules": "; ".join(rule.describe() for rule in self.rules)}


class Definition(BaseModel):
    """A segment's rules, all of which must hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: list[Annotated[_KINDS | AnyGroup, Field(discriminator="kind")]] = Field(
        min_length=1, max_length=RULES_MAX
    )

    @model_validator(mode="after")
    def _bounded(self) -> Definition:
        if self.rule_count() > RULES_MAX:
            raise ValueError(f"a segment has at most {RULES_MAX} rules, groups' rules included")
        return self

    def rule_count(self) -> int:
        return sum(len(rule.rules) if isinstance(rule, AnyGroup) else 1 for rule in self.rules)

    def uses_spend_tiers(self) -> bool:
        flat = [
            inner for rule in self.rules for inner in (rule.rules if isinstance(rule, AnyGroup) else [rule])
        ]
        return any(isinstance(rule, SpendTierRule) for rule in flat)

    def q(self, ctx: RuleContext) -> Q:
        condition = Q()
        for rule in self.rules:
            condition &= rule.q(ctx)
        return condition

    def describe(self) -> list[str]:
        return [rule.describe() for rule in self.rules]

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def item_label(item: str) -> str:
    source, number = item.split(":")
    if source == "queue":
        return _("mass message #%(id)s") % {"id": number}
    return _("message #%(id)s") % {"id": number}


def _buyers(ctx: RuleContext, item: str) -> QuerySet[Message]:
    """Fan ids of the item's bought copies. ``is_purchased`` is only ever set on the creator's
    PPV messages; the partial index on purchased messages keeps this to those few rows."""
    source, number = item.split(":")
    key = Q(raw__queueId=int(number)) if source == "queue" else Q(onlyfans_id=int(number))
    return Message.objects.filter(key, account_id=ctx.account_id, is_purchased=True).values("fan_id")


def _top_threshold(ctx: RuleContext, percent: float) -> int | None:
    """The least spend (cents) within the top ``percent`` of paying fans: the spend of the fan at
    position ceil(paying fans * percent / 100) by spend, so fans tied with them are in too.
    ``None`` without paying fans. Two reads of the spend index, resolved before the segment's
    query (a window function over every paying fan cost ~10x more on SQLite)."""
    paying = Fan.objects.filter(account_id=ctx.account_id, spend_total_cents__gt=0)
    count = paying.count()
    if not count:
        return None
    position = max(1, math.ceil(count * Decimal(str(percent)) / 100))  # 375 x 8.8% is 33, not 34
    return paying.order_by("-spend_total_cents").values_list("spend_total_cents", flat=True)[position - 1]
