"""Reads of posts and vault media, scoped to the user's access."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import get_for_user, scope_for_user
from huntaze.accounts.selectors import account_get
from huntaze.content.models import Content
from huntaze.core.pagination import Page, paginate


def content_list(
    *, user: AbstractBaseUser | None, account_id: int | None = None, kind: str | None = None
) -> QuerySet[Content]:
    items = scope_for_user(Content.objects.all(), user=user)
    if account_id is not None:
        items = items.filter(account_id=account_id)
    if kind:
        items = items.filter(kind=kind)
    return items


def content_page(
    *,
    user: AbstractBaseUser | None,
    cursor: str | None,
    limit: int,
    account_id: int | None = None,
    kind: str | None = None,
) -> Page[Content]:
    """A page of posts and vault media, newest first (undated last).

    ``NotFoundError`` for an account the user cannot see.
    """
    if account_id is not None:
        account_get(user=user, account_id=account_id)
    items = content_list(user=user, account_id=account_id, kind=kind)
    return paginate(items, sort="published_at", cursor=cursor, limit=limit)


def content_get(*, user: AbstractBaseUser | None, content_id: int) -> Content:
    return get_for_user(Content.objects.all(), user=user, pk=content_id)
