"""Money is integer cents everywhere inside Huntaze.

OnlyFans sends dollars as JSON numbers (``9.99``) or strings (``"$12.50"``); converting
through ``Decimal(str(x))`` avoids binary float error (``0.29 * 100 == 28.999…``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def dollars_to_cents(value: float | int | str | Decimal | None) -> int:
    """Convert a dollar amount as OnlyFans sends it to integer cents (``None`` -> 0).

    Raises ``ValueError`` for text that is not an amount.
    """
    if value is None or (type(value) in (int, float) and value == 0):
        return 0  # most prices and tips are 0: skip the Decimal work the sync would do per row
    if type(value) is int:
        return value * 100
    if isinstance(value, bool):
        raise ValueError(f"not an amount: {value!r}")
    raw = str(value).strip()
    if raw == "":
        return 0
    text = raw.replace("$", "").replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def cents_to_dollars(cents: int) -> Decimal:
    """Exact dollars for display or for the OnlyFans API (which wants ``9.99``)."""
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))
