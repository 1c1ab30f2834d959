"""Reads of posts and vault media, scoped to the user's access."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import get_for_user, scope_for_user
from huntaze.content.models import Content


def content_list(
    *, user: AbstractBaseUser | None, account_id: int | None = None, kind: str | None = None
) -> QuerySet[Content]:
    items = scope_for_user(Content.objects.all(), user=user)
    if account_id is not None:
        items = items.filter(account_id=account_id)
    if kind:
        items = items.filter(kind=kind)
    return items


def content_get(*, user: AbstractBaseUser | None, content_id: int) -> Content:
    return get_for_user(Content.objects.all(), user=user, pk=content_id)
