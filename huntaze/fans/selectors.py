"""Reads of fans, always scoped to the requesting user's access."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import get_for_user, scope_for_user
from huntaze.fans.models import Fan, Tag


def fan_list(*, user: AbstractBaseUser | None, account_id: int | None = None) -> QuerySet[Fan]:
    fans = scope_for_user(Fan.objects.all(), user=user)
    if account_id is not None:
        fans = fans.filter(account_id=account_id)
    return fans


def fan_get(*, user: AbstractBaseUser | None, fan_id: int) -> Fan:
    return get_for_user(Fan.objects.select_related("account"), user=user, pk=fan_id)


def tag_list(*, user: AbstractBaseUser | None, account_id: int | None = None) -> QuerySet[Tag]:
    tags = scope_for_user(Tag.objects.all(), user=user)
    if account_id is not None:
        tags = tags.filter(account_id=account_id)
    return tags
