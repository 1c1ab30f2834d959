"""Attribution routes. Thin: parse, call one service or selector, return a schema.

Owners and managers read every member's figures and every sale of an account; a chatter reads
their own. Only owners reassign a sale.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from huntaze.api.schemas import Id
from huntaze.attribution.models import SaleAttribution
from huntaze.attribution.schemas import (
    AttributionOut,
    PerformanceOut,
    PeriodParams,
    PriceGuidanceOut,
    ReassignIn,
)
from huntaze.attribution.selectors import (
    PriceGuidance,
    attribution_list,
    fan_ppv_price_guidance,
    performance_report,
)
from huntaze.attribution.services import attribution_reassign

router = Router()


@router.get("/performance", response=PerformanceOut)
def performance_get(request: HttpRequest, params: Query[PeriodParams]) -> dict:
    """Per team member over the period: messages, median reply time, PPVs, credited sales and
    revenue, on-shift hours and revenue per on-shift hour."""
    report = performance_report(user=request.user, account_id=params.account_id, period=params.period())
    return {
        "account_id": report.account.pk,
        "since": report.window.since,
        "until": report.window.until,
        "rows": report.rows,
        "unattributed_sales": report.unattributed_sales,
        "unattributed_cents": report.unattributed_cents,
    }


@router.get("/attributions", response=list[AttributionOut])
def attributions_list(request: HttpRequest, params: Query[PeriodParams]) -> list[SaleAttribution]:
    """The period's latest 100 PPV purchases and tips with who they are credited to."""
    return attribution_list(user=request.user, account_id=params.account_id, period=params.period())


@router.post("/attributions/{attribution_id}/reassign", response=AttributionOut)
def attributions_reassign(request: HttpRequest, attribution_id: Id, payload: ReassignIn) -> SaleAttribution:
    """Credit a sale to another team member (``chatter_id``) or nobody (null), with a reason."""
    return attribution_reassign(
        user=request.user,
        attribution_id=attribution_id,
        chatter_id=payload.chatter_id,
        reason=payload.reason,
        request=request,
    )


@router.get("/fans/{fan_id}/price-guidance", response=PriceGuidanceOut)
def fan_price_guidance(request: HttpRequest, fan_id: Id) -> PriceGuidance:
    """The PPV prices this fan paid and left locked, beside the preset's band for their spend."""
    return fan_ppv_price_guidance(user=request.user, fan_id=fan_id)
