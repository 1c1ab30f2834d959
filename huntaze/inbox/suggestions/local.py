"""The local engine: offline, deterministic, grounded in the creator's own voice.

* **reply** — BM25 over the fan messages of the creator's synced history: the creator's own
  answer to the most similar past fan message, with the other fan's name swapped for this one.
* **upsell** — an item of the preset's upsell menu, priced inside the PPV tier the fan's spend
  band calls for (higher in the band for bigger spenders).
* **re-engage** — the preset's 7-day welcome step for a new fan's subscription age, else a
  check-in drawn from the preset's greetings.

The history index is built once per account and kept until new messages arrive.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import bm25s

from huntaze.inbox.choices import Direction, SuggestionIntent
from huntaze.inbox.models import Message
from huntaze.inbox.suggestions.context import SuggestionContext
from huntaze.inbox.suggestions.engine import SuggestionDraft
from huntaze.presets.placeholders import template_render

INDEXES_KEPT = 8  # accounts whose history index stays in memory
REPLY_CANDIDATES = 8
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True, slots=True)
class ReplyPair:
    """A fan message and the creator's reply that directly followed it in the same chat."""

    chat_id: int
    question: str
    reply: str
    reply_id: int
    fan_name: str


@dataclass(frozen=True, slots=True)
class ReplyHistory:
    """One account's reply pairs with a BM25 index over the fan messages."""

    newest_id: int | None
    pairs: list[ReplyPair]
    retriever: bm25s.BM25 | None

    @classmethod
    def from_pairs(cls, pairs: list[ReplyPair], *, newest_id: int | None = None) -> ReplyHistory:
        if not pairs:
            return cls(newest_id, [], None)
        retriever = bm25s.BM25()
        questions = [pair.question for pair in pairs]
        retriever.index(bm25s.tokenize(questions, stopwords="en", show_progress=False), show_progress=False)
        return cls(newest_id, pairs, retriever)

    def best_reply(self, text: str, *, fan_name: str, avoid: set[str]) -> tuple[ReplyPair, str, float] | None:
        """The best-matching past pair whose reply (with this fan's name) is not in ``avoid``."""
        if self.retriever is None or not text.strip():
            return None
        query = bm25s.tokenize([text], stopwords="en", show_progress=False)
        if not query.vocab:
            return None
        k = min(REPLY_CANDIDATES, len(self.pairs))
        found, scores = self.retriever.retrieve(query, k=k, show_progress=False, n_threads=1)
        for index, score in zip(found[0], scores[0], strict=True):
            if score <= 0:
                break
            pair = self.pairs[index]
            reply = _name_swapped(pair.reply, pair.fan_name, fan_name)
            if reply.strip().lower() not in avoid:
                return pair, reply, float(score)
        return None


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
        newest = (
            Message.objects.filter(account_id=account_id)
            .order_by("-onlyfans_id")
            .values_list("onlyfans_id", flat=True)
            .first()
        )
        with self._lock:
            cached = self._indexes.get(account_id)
            if cached is not None and cached.newest_id == newest:
                self._indexes.move_to_end(account_id)
                return cached
        history = ReplyHistory.from_pairs(reply_pairs(account_id), newest_id=newest)
        with self._lock:
            self._indexes[account_id] = history
            while len(self._indexes) > INDEXES_KEPT:
                self._indexes.popitem(last=False)
        return history

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


def reply_pairs(account_id: int) -> list[ReplyPair]:
    """Every fan message directly followed by a creator reply in the same chat, oldest first."""
    rows = (
        Message.objects.filter(account_id=account_id, is_deleted=False)
        .exclude(text="")
        .order_by("chat_id", "sent_at", "onlyfans_id")
        .values_list("chat_id", "direction", "text", "onlyfans_id", "fan__display_name")
    )
    pairs, previous = [], None
    for chat_id, direction, text, onlyfans_id, fan_name in rows.iterator(chunk_size=5_000):
        if (
            previous is not None
            and previous[0] == chat_id
            and previous[1] == Direction.INCOMING
            and direction == Direction.OUTGOING
        ):
            pairs.append(ReplyPair(chat_id, previous[2], text, onlyfans_id, (fan_name or "").split(" ")[0]))
        previous = (chat_id, direction, text)
    return pairs


def _name_swapped(text: str, old_name: str, new_name: str) -> str:
    if len(old_name) < 2:
        return text
    return re.sub(rf"\b{re.escape(old_name)}\b", new_name, text)


def _round_price(cents: float, *, low: int, high: int) -> int:
    """A price fans are used to — whole dollars, $x4/$x9 from $10 up — kept inside [low, high]."""
    dollars = max(1, round(cents / 100))
    if dollars >= 10:
        dollars = 5 * round(dollars / 5) - 1
    return min(max(dollars * 100, low), high)
