"""The engine interface and the registry of engines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from huntaze.inbox.suggestions.context import SuggestionContext


@dataclass(frozen=True, slots=True)
class SuggestionDraft:
    intent: str
    text: str
    price_cents: int | None
    rationale: str  # one line a human reads before approving
    source: str  # what grounded it: "history:message:<id>", "preset:gfe:upsell:<item>"…


class SuggestionEngine(Protocol):
    name: str

    def drafts(self, context: SuggestionContext) -> list[SuggestionDraft]:
        """Three drafts: reply, upsell, re-engage (in that order)."""
        ...
