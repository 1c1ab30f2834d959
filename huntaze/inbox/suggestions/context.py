"""What an engine knows when it drafts: the fan, the message, the creator's preset."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from huntaze.earnings.models import EarningsEntry, EarningStatus
from huntaze.inbox.choices import Direction
from huntaze.inbox.models import Chat, Message
from huntaze.presets.schemas import Preset, SpendBand
from huntaze.presets.selectors import preset_resolve

DEFAULT_PRESET = "gfe"
RECENT_MESSAGES = 12


@dataclass(frozen=True, slots=True)
class SuggestionContext:
    account_id: int
    chat_id: int
    creator_name: str
    fan_name: str
    days_subscribed: int | None
    spend_total_cents: int
    spend_band: SpendBand
    last_purchase: str  # "a $15 message unlock 3 days ago", or "nothing yet"
    preset: Preset
    message: Message | None  # the fan message to answer; None for a silent fan
    recent: tuple[Message, ...]  # the chat's last messages, oldest first

    def placeholders(self, *, price_cents: int = 0) -> dict[str, str]:
        """Values for the preset templates' placeholders."""
        return {
            "fan_name": self.fan_name,
            "creator_name": self.creator_name,
            "days_subscribed": str(self.days_subscribed or 0),
            "last_purchase": self.last_purchase,
            "spend_band": self.spend_band.fan_label,
            "price": f"${price_cents / 100:.2f}".replace(".00", ""),
        }


def suggestion_context_build(*, chat: Chat, message: Message | None) -> SuggestionContext:
    """Load what the engines need for one chat (a handful of indexed queries)."""
    account, fan = chat.account, chat.fan
    preset = preset_resolve(
        slug=account.preset_slug or DEFAULT_PRESET, overrides=account.preset_overrides or {}
    )
    recent = list(
        Message.objects.filter(chat=chat, is_deleted=False).order_by("-sent_at", "-onlyfans_id")[
            :RECENT_MESSAGES
        ]
    )
    if message is None:
        message = next((m for m in recent if m.direction == Direction.INCOMING), None)
    now = timezone.now()
    return SuggestionContext(
        account_id=account.pk,
        chat_id=chat.pk,
        creator_name=account.display_name or account.username,
        fan_name=_first_name(fan.display_name or fan.username or ""),
        days_subscribed=(now - fan.subscribed_at).days if fan.subscribed_at else None,
        spend_total_cents=fan.spend_total_cents,
        spend_band=_spend_band(preset, fan.spend_total_cents),
        last_purchase=_last_purchase(fan_id=fan.pk, now=now),
        preset=preset,
        message=message,
        recent=tuple(reversed(recent)),
    )


def _first_name(name: str) -> str:
    first = name.strip().split(" ")[0] if name.strip() else ""
    return first[:40] or "babe"


def _spend_band(preset: Preset, spend_cents: int) -> SpendBand:
    bands = sorted(preset.pricing.spend_bands, key=lambda band: band.min_total_cents)
    return next((band for band in reversed(bands) if spend_cents >= band.min_total_cents), bands[0])


def _last_purchase(*, fan_id: int, now) -> str:
    entry = (
        EarningsEntry.objects.filter(fan_id=fan_id, status__in=(EarningStatus.DONE, EarningStatus.PENDING))
        .order_by("-occurred_at")
        .only("kind", "gross_cents", "occurred_at")
        .first()
    )
    if entry is None:
        return "nothing yet"
    days = (now - entry.occurred_at).days
    when = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
    return f"a ${entry.gross_cents / 100:.0f} {entry.kind} {when}"
