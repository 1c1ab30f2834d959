"""API shapes of attribution."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from huntaze.api.schemas import Id, storable_str
from huntaze.attribution.models import REASON_MAX_LENGTH
from huntaze.attribution.period import ReportPeriod


class PeriodParams(Schema):
    account_id: Id
    days: int = Field(30, description="7, 30 or 90: the last days, today included (without dates).")
    start: date | None = None
    end: date | None = None

    def period(self) -> ReportPeriod:
        return ReportPeriod(days=self.days, start=self.start, end=self.end)


class PerformanceRowOut(Schema):
    user_id: int
    username: str
    messages_sent: int
    median_response_seconds: float | None
    ppv_sent: int
    ppv_bought: int
    ppv_conversion: float | None
    sales: int
    revenue_cents: int
    on_shift_hours: float
    revenue_per_hour_cents: int | None


class PerformanceOut(Schema):
    account_id: int
    since: datetime
    until: datetime
    rows: list[PerformanceRowOut]
    unattributed_sales: int
    unattributed_cents: int


class AttributionOut(Schema):
    id: int
    entry_id: int
    kind: str
    occurred_at: datetime
    gross_cents: int
    fan_id: int | None
    chatter_id: int | None
    model: str
    message_id: int | None
    reassigned: bool
    reason: str
    reassigned_by_id: int | None
    reassigned_at: datetime | None

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.entry.kind

    @staticmethod
    def resolve_occurred_at(obj) -> datetime:
        return obj.entry.occurred_at

    @staticmethod
    def resolve_gross_cents(obj) -> int:
        return obj.entry.gross_cents

    @staticmethod
    def resolve_fan_id(obj) -> int | None:
        return obj.entry.fan_id


class ReassignIn(Schema):
    chatter_id: Id | None = None
    reason: storable_str(REASON_MAX_LENGTH) = ""


class PriceRangeOut(Schema):
    count: int
    min_cents: int
    median_cents: int
    max_cents: int


class PriceGuidanceOut(Schema):
    fan_id: int
    paid: PriceRangeOut | None
    declined: PriceRangeOut | None
    declined_after_days: int
    band_name: str
    tier: str
    tier_min_cents: int
    tier_max_cents: int
