"""Reads of fans, always scoped to the requesting user's access."""

from __future__ import annotations

from typing import Literal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import get_for_user, scope_for_user
from huntaze.accounts.selectors import account_get
from huntaze.core.pagination import Page, paginate
from huntaze.fans.models import Fan, Tag

FanSort = Literal["spend", "last_activity"]
FAN_SORT_FIELDS: dict[str, str] = {"spend": "spend_total_cents", "last_activity": "last_message_at"}


def fan_list(
    *,
    user: AbstractBaseUser | None,
    account_id: int | None = None,
    status: str | None = None,
    tag: str | None = None,
) -> QuerySet[Fan]:
    """Visible fans, optionally of one account, subscription status or tag (names are lower case)."""
    fans = scope_for_user(Fan.objects.all(), user=user)
    if account_id is not None:
        fans = fans.filter(account_id=account_id)
    if status is not None:
        fans = fans.filter(subscription_status=status)
    if tag is not None:
        # Tag names are unique per account and a fan's tags are its account's: no duplicates.
        fans = fans.filter(tags__name=tag.strip().lower())
    return fans


def fan_page(
    *,
    user: AbstractBaseUser | None,
    cursor: str | None,
    limit: int,
    sort: FanSort = "spend",
    account_id: int | None = None,
    status: str | None = None,
    tag: str | None = None,
) -> Page[Fan]:
    """A page of fans by total spend or latest message, with their tags (two queries).

    ``NotFoundError`` for an account the user cannot see.
    """
    if account_id is not None:
        account_get(user=user, account_id=account_id)
    fans = fan_list(user=user, account_id=account_id, status=status, tag=tag).prefetch_related("tags")
    return paginate(fans, sort=FAN_SORT_FIELDS[sort], cursor=cursor, limit=limit)


def fan_get(*, user: AbstractBaseUser | None, fan_id: int) -> Fan:
    return get_for_user(Fan.objects.select_related("account"), user=user, pk=fan_id)


def tag_list(*, user: AbstractBaseUser | None, account_id: int | None = None) -> QuerySet[Tag]:
    tags = scope_for_user(Tag.objects.all(), user=user)
    if account_id is not None:
        tags = tags.filter(account_id=account_id)
    return tags
