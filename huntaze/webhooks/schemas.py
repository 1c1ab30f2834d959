"""API shapes of webhooks. A webhook's secret is in its own route's answer only."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from huntaze.api.schemas import Id, PageParams, storable_str
from huntaze.events.choices import EventType
from huntaze.webhooks.choices import DeliveryStatus
from huntaze.webhooks.models import NAME_MAX_LENGTH, URL_MAX_LENGTH


class WebhookListParams(Schema):
    team_id: Id


class WebhookIn(Schema):
    name: storable_str(NAME_MAX_LENGTH, min_length=1)
    url: storable_str(URL_MAX_LENGTH, min_length=1) = Field(
        description="http(s); no credentials; public addresses only unless the server allows private ones."
    )
    event_types: list[EventType] = Field(min_length=1, max_length=len(EventType.values))


class WebhookCreateIn(WebhookIn):
    team_id: Id


class WebhookEnabledIn(Schema):
    enabled: bool = Field(description="Turning a webhook on also clears an automatic turn-off.")


class WebhookOut(Schema):
    id: int
    team_id: int
    name: str
    url: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str = Field(description="Why Huntaze turned it off; empty otherwise.")
    disabled_at: datetime | None
    consecutive_failures: int = Field(description="Deliveries given up in a row since the last success.")
    created_at: datetime
    updated_at: datetime


class WebhookSecretOut(Schema):
    secret: str = Field(description="HMAC-SHA256 key of X-Huntaze-Signature.")


class WebhookAttemptOut(Schema):
    number: int
    at: datetime
    status_code: int | None
    error: str
    response_ms: int | None


class WebhookDeliveryOut(Schema):
    id: int = Field(description="Also the X-Huntaze-Delivery header: receivers dedupe on it.")
    event_id: int | None = Field(description="Null for a test event.")
    event_type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str
    last_response_ms: int | None
    delivered_at: datetime | None
    created_at: datetime
    attempt_log: list[WebhookAttemptOut]

    @staticmethod
    def resolve_attempt_log(delivery: object) -> list:
        return list(delivery.attempt_log.all())


class WebhookDeliveryListParams(PageParams):
    status: DeliveryStatus | None = None
