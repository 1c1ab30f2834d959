"""Template filters for money, which Huntaze stores as integer cents (``core.money``)."""

from __future__ import annotations

from django import template

from huntaze.core.money import cents_to_dollars

register = template.Library()


@register.filter
def cents(value: int | None) -> str:
    """``1234`` -> ``$12.34``, ``-500`` -> ``-$5.00``; empty for ``None`` (an unknown amount)."""
    if value is None or value == "":
        return ""
    amount = cents_to_dollars(int(value))
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,}"


@register.filter
def dollars(value: int | None) -> str:
    """``1234`` -> ``12.34``: the plain amount a price input holds (no sign, no separators)."""
    if value is None or value == "":
        return ""
    return str(cents_to_dollars(int(value)))
