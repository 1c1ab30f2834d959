"""Export routes: start an export, follow it, download its file. Owners and managers only."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from ninja import Router, Status

from huntaze.api.schemas import Id
from huntaze.exports.models import Export
from huntaze.exports.schemas import ExportIn, ExportOut
from huntaze.exports.selectors import export_get, export_list
from huntaze.exports.services.exporting import export_download
from huntaze.exports.tasks import export_enqueue

router = Router()


@router.post("/exports", response={202: ExportOut})
def exports_start(request: HttpRequest, payload: ExportIn) -> Status[Export]:
    """Queue a full export of the account (an export already queued or running is returned)."""
    return Status(202, export_enqueue(user=request.user, account_id=payload.account_id, request=request))


@router.get("/exports", response=list[ExportOut])
def exports_list(request: HttpRequest, account_id: Id) -> list[Export]:
    """The account's newest exports, newest first."""
    return export_list(user=request.user, account_id=account_id)


@router.get("/exports/{export_id}", response=ExportOut)
def exports_status(request: HttpRequest, export_id: Id) -> Export:
    """Status and progress (rows written / expected per table) of one export."""
    return export_get(user=request.user, export_id=export_id)


@router.get("/exports/{export_id}/download")
def exports_download(request: HttpRequest, export_id: Id) -> FileResponse:
    """The zip of a ready export, streamed (409 ``export_not_ready`` before that or once expired)."""
    path = export_download(user=request.user, export_id=export_id, request=request)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type="application/zip"
    )
