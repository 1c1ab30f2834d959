"""The activity feed page of the selected account, and its live stream (Server-Sent Events)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from huntaze.accounts.selectors import account_get
from huntaze.core.exceptions import ValidationError
from huntaze.core.pagination import LIMIT_DEFAULT, PK_MAX, InvalidCursorError
from huntaze.events.forms import EventFilterForm
from huntaze.events.selectors import event_last_id, event_page
from huntaze.events.stream import event_stream
from huntaze.web.htmx import htmx_partial
from huntaze.web.selection import selected_account


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The selected account's events, newest first, ``LIMIT_DEFAULT`` a page; bad filters are a
    422 showing the form with its errors."""
    account = selected_account(request)
    form = EventFilterForm(request.GET)
    context: dict[str, Any] = {"account": account, "form": form, "page": None}
    if account is not None and form.is_valid():
        try:
            page = event_page(
                user=request.user,
                account_id=account.pk,
                cursor=form.cleaned_data["cursor"] or None,
                limit=LIMIT_DEFAULT,
                type=form.cleaned_data["type"] or None,
            )
        except InvalidCursorError as exc:
            form.add_error("cursor", exc.message)
        else:
            context.update(
                page=page,
                pager=form.pager(page),
                # The live stream starts after the newest event the user can see now, so the
                # page and the stream neither miss nor repeat one.
                stream_after=event_last_id(user=request.user),
            )
    template = "events/partials/_region.html" if htmx_partial(request) else "events/index.html"
    return render(request, template, context, status=422 if form.errors else 200)


def _after_id(request: HttpRequest) -> int | None:
    """Where the stream resumes: ``Last-Event-ID`` (a reconnect), else ``?after=``; ``None``: now."""
    raw = request.headers.get("Last-Event-ID") or request.GET.get("after")
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or int(raw) > PK_MAX:
        raise ValidationError(
            _("The last event id must be a whole number."), extra={"last_event_id": raw[:40]}
        )
    return int(raw)


@login_required
@require_GET
def stream(request: HttpRequest) -> StreamingHttpResponse:
    """New events of the accounts the user can see (``?account=`` narrows to one; another
    tenant's is a 404), pushed as they are recorded; see ``events.stream``."""
    account_id = request.GET.get("account")
    if account_id:
        account_id = account_get(user=request.user, account_id=account_id).pk
    after = _after_id(request)
    if after is None:
        after = event_last_id(user=request.user)
    lines = event_stream(
        user=request.user, after_id=after, account_id=account_id or None, language=get_language()
    )
    response = StreamingHttpResponse(lines, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response
