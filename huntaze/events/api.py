"""Event log routes. Thin: parse, call one selector, return a schema."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from huntaze.api.schemas import PageOut
from huntaze.core.pagination import Page
from huntaze.events.models import Event
from huntaze.events.schemas import EventListParams, EventOut
from huntaze.events.selectors import event_page

router = Router()


@router.get("/events", response=PageOut[EventOut])
def events_list(request: HttpRequest, params: Query[EventListParams]) -> Page[Event]:
    """Events the sync recorded, newest first, by account, type and ``since_id`` (what a script
    polling for news passes: the largest id it has seen)."""
    return event_page(user=request.user, **params.dict())
