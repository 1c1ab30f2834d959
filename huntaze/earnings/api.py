"""Earnings routes. Thin: parse, call one selector, return a schema."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from huntaze.api.schemas import PageOut
from huntaze.core.pagination import Page
from huntaze.earnings.models import EarningsEntry
from huntaze.earnings.schemas import EarningOut, EarningsListParams
from huntaze.earnings.selectors import earnings_page

router = Router()


@router.get("/earnings", response=PageOut[EarningOut])
def earnings_list_route(request: HttpRequest, params: Query[EarningsListParams]) -> Page[EarningsEntry]:
    """Ledger rows (one per OnlyFans transaction), newest first, by account, kind and time range."""
    return earnings_page(user=request.user, **params.dict())
