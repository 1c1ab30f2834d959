"""Segment routes. Thin: parse, call one service or selector, return a schema.

Everyone who sees an account reads its segments and previews rules; owners and managers
create, change and delete them and set the spend tiers.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from huntaze.api.schemas import Id, PageOut, PageParams
from huntaze.core.pagination import Page
from huntaze.fans.models import Fan
from huntaze.fans.schemas import FanOut
from huntaze.segments.models import Segment
from huntaze.segments.schemas import (
    SegmentIn,
    SegmentListParams,
    SegmentOut,
    SegmentPreviewIn,
    SegmentPreviewOut,
    SegmentUpdateIn,
    SpendTiersIn,
    SpendTiersOut,
    SpendTiersParams,
)
from huntaze.segments.selectors import (
    SegmentPreview,
    segment_detail,
    segment_fan_page,
    segment_preview,
    spend_tiers_read,
)
from huntaze.segments.services import (
    segment_create,
    segment_delete,
    segment_update,
    segments_overview,
    spend_tiers_set,
)

router = Router()


@router.get("/segments", response=list[SegmentOut])
def segments_list(request: HttpRequest, params: Query[SegmentListParams]) -> list[Segment]:
    """An account's segments by name with their counts and change since yesterday. The built-in
    segments are created on an account's first use."""
    return segments_overview(user=request.user, account_id=params.account_id).segments


@router.post("/segments", response={201: SegmentOut})
def segments_create(request: HttpRequest, payload: SegmentIn) -> Status[Segment]:
    """Save a segment (counted at once). At most 50 per account, 20 rules each."""
    segment = segment_create(
        user=request.user, account_id=payload.account_id, name=payload.name, definition=payload.definition
    )
    return Status(201, segment)


@router.post("/segments/preview", response=SegmentPreviewOut)
def segments_preview(request: HttpRequest, payload: SegmentPreviewIn) -> SegmentPreview:
    """Count the fans a definition holds now and show 20 of them, without saving it."""
    return segment_preview(user=request.user, account_id=payload.account_id, definition=payload.definition)


@router.get("/segments/{segment_id}", response=SegmentOut)
def segments_detail(request: HttpRequest, segment_id: Id) -> Segment:
    return segment_detail(user=request.user, segment_id=segment_id)


@router.put("/segments/{segment_id}", response=SegmentOut)
def segments_update(request: HttpRequest, segment_id: Id, payload: SegmentUpdateIn) -> Segment:
    """Rename a segment and replace its rules (recounted at once; yesterday's count is dropped
    when the rules change, since it counted other rules)."""
    return segment_update(
        user=request.user, segment_id=segment_id, name=payload.name, definition=payload.definition
    )


@router.delete("/segments/{segment_id}", response={204: None})
def segments_delete(request: HttpRequest, segment_id: Id) -> Status[None]:
    segment_delete(user=request.user, segment_id=segment_id)
    return Status(204, None)


@router.get("/segments/{segment_id}/fans", response=PageOut[FanOut])
def segments_fans(request: HttpRequest, segment_id: Id, params: Query[PageParams]) -> Page[Fan]:
    """The fans in a segment now, biggest spenders first."""
    return segment_fan_page(user=request.user, segment_id=segment_id, **params.dict())


@router.get("/segment-tiers", response=SpendTiersOut)
def spend_tiers_get(request: HttpRequest, params: Query[SpendTiersParams]) -> dict:
    """The spend tier minimums an account's segments use, and whose they are."""
    return spend_tiers_read(user=request.user, account_id=params.account_id)


@router.put("/segment-tiers", response={204: None})
def spend_tiers_put(request: HttpRequest, payload: SpendTiersIn) -> Status[None]:
    """Set a team's or one account's spend tier minimums (null: remove them); counts follow."""
    minimums = payload.minimums_cents.dict() if payload.minimums_cents is not None else None
    spend_tiers_set(
        user=request.user, team_id=payload.team_id, account_id=payload.account_id, minimums=minimums
    )
    return Status(204, None)
