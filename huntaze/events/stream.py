"""The live activity stream (Server-Sent Events) behind ``/onlyfans/activity/stream/``.

A plain WSGI generator: every ``POLL_SECONDS`` it reads the events recorded after the last one
sent (the primary key is the cursor, so ``Last-Event-ID`` resumes exactly), sends them, and
between polls sleeps with no database connection open. A comment line every
``HEARTBEAT_SECONDS`` keeps proxies from closing an idle stream. After ``LIFETIME_SECONDS`` the
stream ends and the browser reconnects with the last id: a worker thread is never held for
longer, and a user's lost access or ended session takes effect at the next connection at the
latest (access is also checked at every poll).

Cost: one web worker thread per open stream for its lifetime (docs/events-and-webhooks.md).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.utils import formats, timezone, translation

from huntaze.events.models import Event
from huntaze.events.selectors import STREAM_BATCH_MAX, event_stream_batch

POLL_SECONDS = 2.0
HEARTBEAT_SECONDS = 15.0
LIFETIME_SECONDS = 300.0
RETRY_MILLISECONDS = 3000


def event_as_json(event: Event) -> dict:
    """What the stream sends of an event: data, plus its sentence in the user's language."""
    return {
        "id": event.pk,
        "account_id": event.account_id,
        "account": event.account.username,
        "type": event.type,
        "type_label": str(event.get_type_display()),
        "summary": event.summary(),
        "occurred_at": event.occurred_at.isoformat(),
        "occurred_display": formats.date_format(timezone.localtime(event.occurred_at), "M j, H:i"),
        "payload": event.payload,
    }


def _frame(event: Event) -> str:
    # ``json.dumps`` escapes newlines, so the data is one SSE line whatever the fan wrote.
    return f"id: {event.pk}\ndata: {json.dumps(event_as_json(event), ensure_ascii=False)}\n\n"


def _connection_release() -> None:
    """Give the database connection back before sleeping (not inside a transaction: tests)."""
    if not connection.in_atomic_block:
        connection.close()


def event_stream(
    *,
    user: AbstractBaseUser,
    after_id: int,
    language: str,
    account_id: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[str]:
    """SSE lines: the user's events after ``after_id`` as they are recorded, for ``LIFETIME_SECONDS``."""
    yield f"retry: {RETRY_MILLISECONDS}\n\n"
    deadline = clock() + LIFETIME_SECONDS
    quiet_since = clock()
    while True:
        with translation.override(language):
            events = event_stream_batch(user=user, after_id=after_id, account_id=account_id)
            frames = [_frame(event) for event in events]
        _connection_release()
        if events:
            after_id, quiet_since = events[-1].pk, clock()
            yield "".join(frames)
            if len(events) == STREAM_BATCH_MAX:
                continue  # more are waiting: catch up before sleeping
        if clock() >= deadline:
            return
        if clock() - quiet_since >= HEARTBEAT_SECONDS:
            quiet_since = clock()
            yield ": heartbeat\n\n"
        sleep(POLL_SECONDS)
