"""The export page of the selected account: start an export, follow it, download it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from huntaze.accounts.models import OnlyFansAccount
from huntaze.core.exceptions import ValidationError
from huntaze.exports.selectors import export_list, exports_active
from huntaze.exports.services.exporting import export_download
from huntaze.exports.tasks import export_enqueue
from huntaze.web.htmx import htmx_partial
from huntaze.web.selection import selected_account

ID_MAX_DIGITS = 18


def _exports(request: HttpRequest, account: OnlyFansAccount | None) -> HttpResponse:
    exports = export_list(user=request.user, account_id=account.pk) if account is not None else []
    context = {
        "account": account,
        "exports": exports,
        "polling": exports_active(exports),
        "keep_days": settings.HUNTAZE_EXPORT_KEEP_DAYS,
        "retention_days": settings.HUNTAZE_RETENTION_DAYS,
    }
    template = "exports/partials/_exports.html" if htmx_partial(request) else "exports/index.html"
    return render(request, template, context)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The selected account's exports (HTMX polls the list while one runs); chatters get a 403."""
    return _exports(request, selected_account(request))


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Queue an export of the posted account, then show the list with its progress."""
    raw = request.POST.get("account", "")
    if not (raw.isdigit() and len(raw) <= ID_MAX_DIGITS):
        raise ValidationError(_("Choose an account to export."), extra={"field": "account"})
    export = export_enqueue(user=request.user, account_id=int(raw), request=request)
    if htmx_partial(request):
        return _exports(request, export.account)
    return redirect(f"{reverse('exports:index')}?account={export.account_id}")


@login_required
@require_GET
def download(request: HttpRequest, export_id: int) -> FileResponse:
    """The export's zip, streamed from disk (each download audited)."""
    path = export_download(user=request.user, export_id=export_id, request=request)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type="application/zip"
    )
