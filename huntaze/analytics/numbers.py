"""Small arithmetic shared by the analytics figures and the calibration rules."""

from __future__ import annotations

import math
from collections.abc import Sequence

MONTH_DAYS = 30
WEEK_DAYS = 7


def percent(part: float, whole: float) -> float | None:
    """``part`` of ``whole`` in percent, rounded to 0.1; ``None`` when there is no whole."""
    return round(100 * part / whole, 1) if whole else None


def quantile(sorted_values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile (0..1) of already sorted values, nearest rank; ``None`` when empty.

    Nearest rank returns a value that occurred (a real response time), and on hand-built data
    the expected answer is easy to state in a test.
    """
    if not sorted_values:
        return None
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]
