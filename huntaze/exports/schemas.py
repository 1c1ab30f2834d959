from datetime import datetime

from ninja import Schema

from huntaze.api.schemas import Id


class ExportIn(Schema):
    account_id: Id


class ExportTableProgressOut(Schema):
    done: int
    total: int


class ExportOut(Schema):
    """An export's state; ``manifest`` (row counts and money sums per table) once it is ready."""

    id: int
    account_id: int
    status: str
    progress: dict[str, ExportTableProgressOut]
    rows_done: int
    rows_total: int
    size_bytes: int | None
    manifest: dict
    error_message: str
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None
