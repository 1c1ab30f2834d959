"""Writes of the event log: record events once, whatever the number of times they are seen.

Only the sync writes events (``events.emit`` for the rows of a page, the two health helpers
here for the run's outcome). ``Event`` is unique per (account, type, source id), so re-reading a
page, overlapping windows and a crash-and-resume never record an event twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from huntaze.events.choices import HEALTH_TYPES, EventType
from huntaze.events.models import Event
from huntaze.sync.health import HealthState
from huntaze.webhooks.services import webhook_deliveries_create

PREVIEW_CHARS = 140


@dataclass(frozen=True, slots=True)
class EventDraft:
    """An event before it is recorded (``source_id`` per type: ``EventType``)."""

    type: str
    source_id: str
    occurred_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)


def text_preview(text: str) -> str:
    """Fan text as an event carries it: at most ``PREVIEW_CHARS`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def event_record_many(*, account_id: int, events: list[EventDraft]) -> list[Event]:
    """Record the drafts not recorded yet; returns the new rows, oldest id first.

    Drafts already stored (or repeated in ``events``: the first one wins) are skipped. Two
    queries and one insert however many drafts. Once the transaction commits, the new events
    are queued for the team's webhooks.
    """
    drafts: dict[tuple[str, str], EventDraft] = {}
    for draft in events:
        drafts.setdefault((draft.type, draft.source_id), draft)
    if not drafts:
        return []
    with transaction.atomic():
        known = set(
            Event.objects.filter(
                account_id=account_id,
                type__in={kind for kind, _ in drafts},
                source_id__in={source for _, source in drafts},
            )
            .order_by()
            .values_list("type", "source_id")
        )
        new = {key: draft for key, draft in drafts.items() if key not in known}
        if not new:
            return []
        now = timezone.now()
        # ``ignore_conflicts``: a concurrent writer of the same event (another process seeing the
        # same thing) must not fail this sync's page; its row is then not ours and not returned.
        Event.objects.bulk_create(
            [
                Event(
                    account_id=account_id,
                    type=draft.type,
                    source_id=draft.source_id,
                    occurred_at=draft.occurred_at,
                    payload=draft.payload,
                    created_at=now,
                )
                for draft in new.values()
            ],
            ignore_conflicts=True,
        )
        created = [
            event
            for event in Event.objects.filter(
                account_id=account_id,
                type__in={kind for kind, _ in new},
                source_id__in={source for _, source in new},
                created_at=now,
            ).order_by("pk")
            if (event.type, event.source_id) in new
        ]
        if created:
            event_ids = [event.pk for event in created]
            # robust: a webhook failure is logged, never a failure of the sync that saw the events.
            transaction.on_commit(lambda: webhook_deliveries_create(event_ids=event_ids), robust=True)
    return created


def event_session_expired_record(*, account_id: int, run_id: int, reason: str) -> list[Event]:
    """The sync run ``run_id`` found the OnlyFans session expired (or asking for a check)."""
    draft = EventDraft(
        type=EventType.SESSION_EXPIRED,
        source_id=f"run:{run_id}",
        occurred_at=timezone.now(),
        payload={"reason": reason[:500]},
    )
    return event_record_many(account_id=account_id, events=[draft])


def event_sync_health_record(*, account_id: int, state: str, run_id: int) -> list[Event]:
    """Record a health turn after sync run ``run_id``: ``sync_failing`` when the account's sync
    becomes failing, ``sync_recovered`` when it is healthy again after a failing or expired
    episode. The account's last health event says which episode is open, so each turn is
    recorded once however many runs see the same state."""
    last = (
        Event.objects.filter(account_id=account_id, type__in=HEALTH_TYPES)
        .order_by("-pk")
        .only("pk", "type")
        .first()
    )
    open_episode = last is not None and last.type != EventType.SYNC_RECOVERED
    if state == HealthState.FAILING and not (last is not None and last.type == EventType.SYNC_FAILING):
        draft = EventDraft(EventType.SYNC_FAILING, f"run:{run_id}", timezone.now(), {"run_id": run_id})
    elif state == HealthState.HEALTHY and open_episode:
        draft = EventDraft(
            EventType.SYNC_RECOVERED,
            f"after:{last.pk}",
            timezone.now(),
            {"run_id": run_id, "after": last.type},
        )
    else:
        return []
    return event_record_many(account_id=account_id, events=[draft])
