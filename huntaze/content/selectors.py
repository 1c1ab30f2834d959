"""Reads of posts and vault media, scoped to the user's access."""

from __future__ import annotations

from typing import Literal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import get_for_user, scope_for_user
from huntaze.accounts.selectors import account_get
from huntaze.content.models import Content
from huntaze.core.pagination import Page, paginate

ContentSort = Literal["date", "purchases", "tips", "likes"]
CONTENT_SORT_FIELDS: dict[str, str] = {
    "date": "published_at",
    "purchases": "purchases_count",
    "tips": "tips_cents",
    "likes": "likes_count",
}


def content_list(
    *,
    user: AbstractBaseUser | None,
    account_id: int | None = None,
    kind: str | None = None,
    media_type: str | None = None,
) -> QuerySet[Content]:
    items = scope_for_user(Content.objects.all(), user=user)
    if account_id is not None:
        items = items.filter(account_id=account_id)
    if kind:
        items = items.filter(kind=kind)
    if media_type:
        items = items.filter(media_type=media_type)
    return items


def content_page(
    *,
    user: AbstractBaseUser | None,
    cursor: str | None,
    limit: int,
    sort: ContentSort = "date",
    descending: bool = True,
    account_id: int | None = None,
    kind: str | None = None,
    media_type: str | None = None,
) -> Page[Content]:
    """A page of posts and vault media, newest (or most bought, tipped, liked) first unless
    ``descending=False``; undated last.

    ``NotFoundError`` for an account the user cannot see; ``InvalidCursorError``.
    """
    if account_id is not None:
        account_get(user=user, account_id=account_id)
    items = content_list(user=user, account_id=account_id, kind=kind, media_type=media_type)
    return paginate(items, sort=CONTENT_SORT_FIELDS[sort], cursor=cursor, limit=limit, descending=descending)


def content_get(*, user: AbstractBaseUser | None, content_id: int) -> Content:
    return get_for_user(Content.objects.all(), user=user, pk=content_id)
