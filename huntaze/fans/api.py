"""Fan routes. Thin: parse, call one service or selector, return a schema."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from huntaze.api.schemas import Id, PageOut
from huntaze.core.pagination import Page
from huntaze.fans.models import Fan
from huntaze.fans.schemas import FanListParams, FanNotesIn, FanOut, FanTagsIn
from huntaze.fans.selectors import FanFilters, fan_page
from huntaze.fans.services import fan_notes_set, fan_tags_set

router = Router()


@router.get("/fans", response=PageOut[FanOut])
def fans_list(request: HttpRequest, params: Query[FanListParams]) -> Page[Fan]:
    """Fans by total spend (default) or latest message, filtered by account, status or tag."""
    return fan_page(
        user=request.user,
        account_id=params.account_id,
        cursor=params.cursor,
        limit=params.limit,
        sort=params.sort,
        filters=FanFilters(status=params.status, tag=params.tag),
    )


@router.put("/fans/{fan_id}/tags", response=FanOut)
def fan_tags_replace(request: HttpRequest, fan_id: Id, payload: FanTagsIn) -> Fan:
    """Replace the fan's tags (trimmed, lower-cased, duplicates merged)."""
    return fan_tags_set(user=request.user, fan_id=fan_id, tags=payload.tags)


@router.put("/fans/{fan_id}/notes", response=FanOut)
def fan_notes_replace(request: HttpRequest, fan_id: Id, payload: FanNotesIn) -> Fan:
    """Replace the fan's private notes."""
    return fan_notes_set(user=request.user, fan_id=fan_id, notes=payload.notes)
