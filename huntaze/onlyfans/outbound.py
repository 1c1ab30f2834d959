"""The contract between an approved outgoing message and the connector.

The connector never sends bare text: it takes an object (the inbox's Django model in
production) that a human approved, asks it ``assert_sendable()`` before any network use,
then reads the fields below. ``idempotency_key`` travels as the ``x-idempotency-key``
header (the simulator dedupes on it; OnlyFans is believed to ignore it).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, Protocol

from huntaze.core.exceptions import ValidationError
from huntaze.core.money import cents_to_dollars


class OutboundContent(Protocol):
    """What a human-approved outgoing message offers the connector (the Django model)."""

    text: str
    price_cents: int
    locked_text: bool
    media_ids: Sequence[int]
    idempotency_key: str

    def assert_sendable(self) -> None:
        """Raise unless a human approved this exact content and it was not sent yet."""
        ...


class OutboundMessage(OutboundContent, Protocol):
    recipient_onlyfans_id: int


def _message_html(text: str) -> str:
    """The web app's editor output: escaped text in a paragraph, line breaks as ``<br>``."""
    return "<p>" + html.escape(text, quote=False).replace("\n", "<br>") + "</p>"


def _dollars(cents: int) -> int | float:
    dollars = cents_to_dollars(cents)
    return int(dollars) if dollars == dollars.to_integral_value() else float(dollars)


def outbound_body(outbound: OutboundContent) -> dict[str, Any]:
    """The body the web app posts for a message (spec §2.2); price in dollars."""
    price_cents = int(outbound.price_cents)
    if price_cents < 0:
        raise ValidationError("a message price cannot be negative", extra={"price_cents": price_cents})
    return {
        "text": _message_html(outbound.text),
        "lockedText": bool(outbound.locked_text),
        "mediaFiles": [int(m) for m in outbound.media_ids],
        "price": _dollars(price_cents),
        "previews": [],
        "rfTag": [],
        "rfGuest": [],
        "rfPartner": [],
        "isForward": False,
    }
