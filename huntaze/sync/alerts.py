"""Alerts when an account's sync health turns failing or needs re-auth.

A plain JSON POST with the standard library (the connector is the only httpx user); the
Huey task that calls it retries on failure.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

ALERT_TIMEOUT_SECONDS = 10


def alert_post(*, url: str, payload: dict[str, Any]) -> int:
    """POST ``payload``; returns the status, raises ``OSError`` (incl. HTTP errors) so the task retries."""
    request = urllib.request.Request(  # noqa: S310 - an operator-configured http(s) URL
        url,
        data=json.dumps(payload).encode(),
        headers={"content-type": "application/json", "user-agent": "huntaze-alerts"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=ALERT_TIMEOUT_SECONDS) as response:  # noqa: S310
        return response.status
