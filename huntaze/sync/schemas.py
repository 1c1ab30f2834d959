from datetime import datetime

from ninja import Schema


class SyncRequestIn(Schema):
    account_id: int


class SyncRunOut(Schema):
    run_id: int
    account_id: int
    streams: list[str]
    status: str


class StreamHealthOut(Schema):
    stream: str
    last_success_at: datetime | None
    lag_seconds: float | None
    consecutive_failures: int
    last_error_class: str
    last_error_message: str
    requests_total: int
    rows_total: int


class AccountHealthOut(Schema):
    account_id: int
    state: str
    last_sync_at: datetime | None
    streams: list[StreamHealthOut]
