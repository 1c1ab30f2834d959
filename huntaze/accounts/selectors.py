"""Reads of the accounts domain, always through ``access``."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from huntaze.accounts.access import accessible_accounts, get_for_user
from huntaze.accounts.models import OnlyFansAccount


def account_list(*, user: AbstractBaseUser | None) -> QuerySet[OnlyFansAccount]:
    return accessible_accounts(user).select_related("team").order_by("username", "pk")


def account_get(*, user: AbstractBaseUser | None, account_id: int) -> OnlyFansAccount:
    return get_for_user(OnlyFansAccount.objects.all(), user=user, via="", pk=account_id)
