"""Reads of the event log, scoped to the user's access."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import scope_for_user
from huntaze.accounts.selectors import account_get
from huntaze.core.pagination import Page, paginate
from huntaze.events.models import Event

STREAM_BATCH_MAX = 100


def event_list(
    *,
    user: AbstractBaseUser | None,
    account_id: int | None = None,
    type: str | None = None,
    since_id: int | None = None,
) -> QuerySet[Event]:
    """Visible events; ``since_id`` keeps those recorded after that event (exclusive)."""
    events = scope_for_user(Event.objects.all(), user=user)
    if account_id is not None:
        events = events.filter(account_id=account_id)
    if type is not None:
        events = events.filter(type=type)
    if since_id is not None:
        events = events.filter(pk__gt=since_id)
    return events


def event_page(
    *,
    user: AbstractBaseUser | None,
    cursor: str | None,
    limit: int,
    account_id: int | None = None,
    type: str | None = None,
    since_id: int | None = None,
) -> Page[Event]:
    """A page of events, newest recorded first. ``NotFoundError`` for an account the user cannot
    see, ``InvalidCursorError`` for a cursor of another list."""
    if account_id is not None:
        account_get(user=user, account_id=account_id)
    events = event_list(user=user, account_id=account_id, type=type, since_id=since_id)
    return paginate(events, sort="created_at", cursor=cursor, limit=limit)


def event_stream_batch(
    *, user: AbstractBaseUser | None, after_id: int, account_id: int | None = None
) -> list[Event]:
    """The user's events recorded after ``after_id`` (of ``account_id`` if given), oldest first:
    what the live stream sends next, at most ``STREAM_BATCH_MAX``. Access is checked on every
    call, so a user who loses an account stops receiving its events."""
    events = event_list(user=user, account_id=account_id, since_id=after_id)
    return list(events.select_related("account").order_by("pk")[:STREAM_BATCH_MAX])


def event_last_id(*, user: AbstractBaseUser | None) -> int:
    """The newest event id the user can see (0 if none): where a fresh stream starts."""
    last = scope_for_user(Event.objects.all(), user=user).order_by("-pk").values_list("pk", flat=True).first()
    return last or 0
