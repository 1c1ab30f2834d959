"""Content routes. Thin: parse, call one selector, return a schema."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from huntaze.api.schemas import PageOut
from huntaze.content.models import Content
from huntaze.content.schemas import ContentListParams, ContentOut
from huntaze.content.selectors import content_page
from huntaze.core.pagination import Page

router = Router()


@router.get("/content", response=PageOut[ContentOut])
def content_list_route(request: HttpRequest, params: Query[ContentListParams]) -> Page[Content]:
    """Posts and vault media, newest first, filtered by account or kind."""
    return content_page(user=request.user, **params.dict())
