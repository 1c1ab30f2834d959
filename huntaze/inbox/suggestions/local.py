"""The local engine: offline, deterministic, grounded in the creator's own voice.

* **reply** — BM25 over the fan messages of the creator's synced history: the creator's own
  answer to the most similar past fan message, with the other fan's name swapped for this one.
* **upsell** — an item of the preset's upsell menu, priced inside the PPV tier the fan's spend
  band calls for (higher in the band for bigger spenders).
* **re-engage** — the preset's 7-day welcome step for a new fan's subscription age, else a
  check-in drawn from the preset's greetings.

The history index is built by a worker after each sync (``suggestions.index``); this engine
loads the published build and keeps it in memory until a newer one appears.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from huntaze.accounts.models import OnlyFansAccount
from huntaze.inbox.choices import Direction, SuggestionIntent
from huntaze.inbox.suggestions.context import SuggestionContext
from huntaze.inbox.suggestions.engine import SuggestionDraft
from huntaze.inbox.suggestions.index import (
    IndexVersion,
    ReplyHistory,
    newest_message_id,
    reply_index_build,
    reply_index_current,
    reply_index_load,
)
from huntaze.inbox.tasks import reply_index_refresh_soon
from huntaze.presets.placeholders import template_render

INDEXES_KEPT = 8  # accounts whose history index stays in memory


class LocalEngine:
    name = "local"

    def __init__(self) -> None:
        self._indexes: OrderedDict[int, ReplyHistory] = OrderedDict()
        self._lock = threading.Lock()

    def drafts(self, context: SuggestionContext) -> list[SuggestionDraft]:
        return [
            self._reply(context) or self._reengage(context, as_reply=True),
            self._upsell(context),
            self._reengage(context),
        ]

    # --- reply: the creator's own words ---

    def _reply(self, context: SuggestionContext) -> SuggestionDraft | None:
        if context.message is None:
            return None
        already_said = {m.text.strip().lower() for m in context.recent if m.direction == Direction.OUTGOING}
        found = self._history(context.account_id).best_reply(
            context.message.text, fan_name=context.fan_name, avoid=already_said
        )
        if found is None:
            return None
        pair, reply, score = found
        return SuggestionDraft(
            intent=SuggestionIntent.REPLY,
            text=reply,
            price_cents=None,
            rationale=f"How you answered a similar message before (match {score:.1f}).",
            source=f"history:message:{pair.reply_id}",
        )

    def _history(self, account_id: int) -> ReplyHistory:
        """The account's published index (loaded once per build), asking a worker for a newer
        one when messages arrived since; built here only when none was ever published."""
        account = OnlyFansAccount.objects.only("pk", "created_at").get(pk=account_id)
        version = reply_index_current(account)
        history = self._loaded(account, version)
        if history is None:
            history = reply_index_build(account)
        elif history.newest_id != newest_message_id(account_id):
            reply_index_refresh_soon(account_id)
            history = self._loaded(account, reply_index_current(account)) or history  # inline in tests
        with self._lock:
            self._indexes[account_id] = history
            self._indexes.move_to_end(account_id)
            while len(self._indexes) > INDEXES_KEPT:
                self._indexes.popitem(last=False)
        return history

    def _loaded(self, account: OnlyFansAccount, version: IndexVersion | None) -> ReplyHistory | None:
        if version is None:
            return None
        with self._lock:
            cached = self._indexes.get(account.pk)
        if cached is not None and cached.version == version.name:
            return cached
        return reply_index_load(account, version)

    # --- upsell: the preset's menu at the fan's price ---

    def _upsell(self, context: SuggestionContext) -> SuggestionDraft:
        preset, band = context.preset, context.spend_band
        menu = preset.upsell_menu
        item = menu[(context.chat_id + len(context.recent)) % len(menu)]
        tier = getattr(preset.pricing.ppv_tiers, band.offer_tier)
        bands = sorted(preset.pricing.spend_bands, key=lambda b: b.min_total_cents)
        position = bands.index(band) / max(1, len(bands) - 1)  # 0 for new fans, 1 for the top band
        low = max(tier.min_cents, item.price.min_cents)
        high = min(tier.max_cents, item.price.max_cents)
        if low > high:  # the item's range and the tier's do not meet: the tier decides
            low, high = tier.min_cents, tier.max_cents
        price = _round_price(low + (high - low) * position, low=low, high=high)
        values = context.placeholders(price_cents=price)
        text = (
            f"{values['fan_name']}, I have something just for my {values['spend_band']} fans 😘 "
            f"{item.name}: {item.description} Yours for {values['price']}?"
        )
        return SuggestionDraft(
            intent=SuggestionIntent.UPSELL,
            text=text,
            price_cents=price,
            rationale=(
                f"Spend ${context.spend_total_cents / 100:.0f} puts them in your '{band.band}' band: "
                f"{band.offer_tier} tier, ${tier.min_cents / 100:.0f} to ${tier.max_cents / 100:.0f}."
            ),
            source=f"preset:{preset.slug}:upsell:{item.name}",
        )

    # --- re-engage: the welcome sequence, or a check-in ---

    def _reengage(self, context: SuggestionContext, *, as_reply: bool = False) -> SuggestionDraft:
        preset = context.preset
        days = context.days_subscribed
        values = context.placeholders()
        if days is not None and days < len(preset.dm_sequence):
            step = preset.dm_sequence[days]
            template = step.templates[context.chat_id % len(step.templates)]
            rationale = f"Day {days} of your welcome sequence: {step.goal}"
            source = f"preset:{preset.slug}:dm_sequence:day{days}"
        else:
            greetings = preset.tone.example_greetings
            template = greetings[context.chat_id % len(greetings)]
            rationale = (
                f"A warm check-in in your {preset.name} voice; last purchase: {context.last_purchase}."
            )
            source = f"preset:{preset.slug}:greeting"
        return SuggestionDraft(
            intent=SuggestionIntent.REPLY if as_reply else SuggestionIntent.REENGAGE,
            text=template_render(template=template, context=values),
            price_cents=None,
            rationale=rationale,
            source=source,
        )


def _round_price(cents: float, *, low: int, high: int) -> int:
    """A price fans are used to — whole dollars, $x4/$x9 from $10 up — kept inside [low, high]."""
    dollars = max(1, round(cents / 100))
    if dollars >= 10:
        dollars = 5 * round(dollars / 5) - 1
    return min(max(dollars * 100, low), high)
