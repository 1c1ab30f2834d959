"""The LLM engine: any OpenAI-compatible chat-completions server (OpenAI, vLLM, Ollama,
llama.cpp's server), configured by ``HUNTAZE_LLM_BASE_URL``, ``_MODEL`` and ``_API_KEY``.

The prompt carries the preset's tone and rules, the fan's profile and the chat's last
messages, and asks for three drafts as JSON. Timeouts and server errors are retried twice;
any failure (unreachable, refused, unparsable answer) falls back to the local engine and the
rationale says so — the inbox never shows an empty panel because a model is down. Upsell
prices are clamped into the fan's PPV tier whatever the model proposes.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, replace
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from huntaze.inbox.choices import Direction, SuggestionIntent
from huntaze.inbox.suggestions.context import SuggestionContext
from huntaze.inbox.suggestions.engine import SuggestionDraft, SuggestionEngine

logger = logging.getLogger(__name__)

RETRIES = 2
RETRY_DELAY = 0.5
INTENTS = (SuggestionIntent.REPLY, SuggestionIntent.UPSELL, SuggestionIntent.REENGAGE)


class _Draft(BaseModel):
    model_config = ConfigDict(extra="ignore")
    intent: str
    text: str = Field(min_length=1, max_length=1_000)
    price_cents: int | None = Field(default=None, ge=0)
    rationale: str = Field(default="", max_length=300)


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    suggestions: list[_Draft] = Field(min_length=1)


class LlmUnavailableError(Exception):
    """The model could not give three usable drafts (the message says why)."""


@dataclass
class LlmEngine:
    base_url: str
    model: str
    api_key: str
    timeout: float
    fallback: SuggestionEngine
    name: str = "llm"

    def drafts(self, context: SuggestionContext) -> list[SuggestionDraft]:
        try:
            return self._drafts(context)
        except LlmUnavailableError as exc:
            logger.warning("LLM suggestions unavailable, using the local engine: %s", exc)
            note = f"LLM unavailable ({exc}); local draft. "
            return [
                replace(draft, rationale=(note + draft.rationale)[:300])
                for draft in self.fallback.drafts(context)
            ]

    def _drafts(self, context: SuggestionContext) -> list[SuggestionDraft]:
        content = self._complete(prompt_messages(context))
        try:
            answer = _Answer.model_validate(json.loads(_json_part(content)))
        except (ValueError, ValidationError) as exc:
            raise LlmUnavailableError("the model's answer was not the JSON asked for") from exc
        by_intent = {draft.intent: draft for draft in answer.suggestions}
        if missing := [intent for intent in INTENTS if intent not in by_intent]:
            raise LlmUnavailableError(f"the model gave no {', '.join(missing)} draft")
        tier = getattr(context.preset.pricing.ppv_tiers, context.spend_band.offer_tier)
        drafts = []
        for intent in INTENTS:
            draft = by_intent[intent]
            price = None
            if intent == SuggestionIntent.UPSELL:
                price = min(max(draft.price_cents or tier.min_cents, tier.min_cents), tier.max_cents)
            drafts.append(
                SuggestionDraft(
                    intent=intent,
                    text=draft.text.strip(),
                    price_cents=price,
                    rationale=draft.rationale or f"Written by {self.model}.",
                    source=f"llm:{self.model}",
                )
            )
        return drafts

    def _complete(self, messages: list[dict[str, str]]) -> str:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {"model": self.model, "messages": messages, "temperature": 0.7}
        last: Exception | None = None
        for attempt in range(RETRIES + 1):
            if attempt:
                time.sleep(RETRY_DELAY * attempt)
            try:
                response = httpx.post(
                    self.base_url.rstrip("/") + "/chat/completions",
                    json=body,
                    headers=headers,
                    timeout=self.timeout,
                )
            except httpx.TransportError as exc:
                last = exc
                continue
            if response.status_code >= 500 or response.status_code == 429:
                last = LlmUnavailableError(f"HTTP {response.status_code}")
                continue
            if response.status_code != 200:
                raise LlmUnavailableError(f"HTTP {response.status_code}")
            try:
                return response.json()["choices"][0]["message"]["content"]
            except (ValueError, KeyError, IndexError, TypeError) as exc:
                raise LlmUnavailableError("not a chat-completions answer") from exc
        raise LlmUnavailableError(
            "timed out" if isinstance(last, httpx.TimeoutException) else str(last) or type(last).__name__
        )


def prompt_messages(context: SuggestionContext) -> list[dict[str, str]]:
    """The chat-completions messages: preset voice and rules, fan profile, recent messages."""
    preset, tone = context.preset, context.preset.tone
    tier = getattr(preset.pricing.ppv_tiers, context.spend_band.offer_tier)
    system = "\n".join(
        [
            f"You draft OnlyFans DM replies for the creator {context.creator_name} ({preset.name} niche).",
            f"Persona: {', '.join(tone.persona_traits)}. Emoji use: {tone.emoji_level}.",
            "Do: " + "; ".join(tone.voice.do),
            "Don't: " + "; ".join(tone.voice.dont),
            "Never ask for or mention payment or contact outside OnlyFans, never suggest meeting in "
            "person, never mention anyone under 18. " + " ".join(preset.compliance_notes),
            'Answer with JSON only: {"suggestions": [{"intent": "reply"|"upsell"|"reengage", '
            '"text": str, "price_cents": int|null, "rationale": str}]} — exactly one of each '
            f"intent; the upsell price between {tier.min_cents} and {tier.max_cents} cents.",
        ]
    )
    upsells = "; ".join(f"{item.name} ({item.description})" for item in preset.upsell_menu)
    history = "\n".join(
        f"{'FAN' if m.direction == Direction.INCOMING else 'CREATOR'}: {m.text}" for m in context.recent
    )
    user = "\n".join(
        [
            f"Fan: {context.fan_name}; subscribed {context.days_subscribed} days; "
            f"spend ${context.spend_total_cents / 100:.0f} ({context.spend_band.band}); "
            f"last purchase: {context.last_purchase}.",
            f"Upsell menu: {upsells}",
            "Last messages, oldest first:",
            history or "(none yet)",
            f"Message to answer: {context.message.text if context.message else '(the fan has been silent)'}",
        ]
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _json_part(content: Any) -> str:
    """The JSON object in an answer (models like to wrap it in prose or a code fence)."""
    text = str(content)
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON object")
    return text[start : end + 1]
