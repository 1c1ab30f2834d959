"""Prometheus metrics of the connector (default registry; scraped by the web process).

Labels use endpoint *templates* (``/chats/{user_id}/messages``), never ids, to keep
cardinality bounded.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

REQUESTS = Counter(
    "huntaze_onlyfans_requests_total",
    "OnlyFans API requests (each attempt), by endpoint and HTTP status or network error class.",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "huntaze_onlyfans_request_seconds",
    "OnlyFans API request latency, per attempt.",
    ["endpoint"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60),
)
RETRIES = Counter(
    "huntaze_onlyfans_retries_total",
    "Retries of OnlyFans API requests, by endpoint and reason.",
    ["endpoint", "reason"],
)
RATE_LIMIT_WAIT = Histogram(
    "huntaze_onlyfans_rate_limit_wait_seconds",
    "Time a request waited for its rate-limit slot (only requests that waited).",
    buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)
SCHEMA_DRIFT = Counter(
    "huntaze_onlyfans_schema_drift_total",
    "Unknown fields first seen in OnlyFans responses, by endpoint.",
    ["endpoint"],
)
