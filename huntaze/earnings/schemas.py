"""API shapes of the sales ledger."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema
from pydantic import AwareDatetime

from huntaze.api.schemas import Id, PageParams
from huntaze.earnings.models import EarningKind


class EarningsListParams(PageParams):
    account_id: Id | None = None
    kind: EarningKind | None = None
    since: AwareDatetime | None = Field(None, description="Inclusive; ISO 8601 with a time zone.")
    until: AwareDatetime | None = Field(None, description="Exclusive; ISO 8601 with a time zone.")


class EarningOut(Schema):
    id: int
    account_id: int
    onlyfans_id: str
    kind: str
    status: str
    gross_cents: int
    net_cents: int
    fee_cents: int
    currency: str
    fan_id: int | None
    description: str
    occurred_at: datetime
    chargeback_at: datetime | None
