"""Content page: posts and vault media with their price and what they earned, sortable."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from huntaze.content.forms import MEDIA_TYPES, ContentFilterForm
from huntaze.content.selectors import content_page
from huntaze.core.pagination import LIMIT_DEFAULT, InvalidCursorError
from huntaze.web.htmx import htmx_partial
from huntaze.web.selection import selected_account


@login_required
@require_GET
def content_list(request: HttpRequest) -> HttpResponse:
    """The selected account's posts and vault media, ``LIMIT_DEFAULT`` a page; bad filters are a
    422 showing the form with its errors."""
    account = selected_account(request)
    form = ContentFilterForm(request.GET)
    context: dict[str, Any] = {"account": account, "form": form, "page": None}
    if account is not None and form.is_valid():
        try:
            page = content_page(
                user=request.user,
                account_id=account.pk,
                cursor=form.cleaned_data["cursor"] or None,
                limit=LIMIT_DEFAULT,
                **form.filters(),
            )
        except InvalidCursorError as exc:
            form.add_error("cursor", exc.message)
        else:
            labels = dict(MEDIA_TYPES)
            context.update(
                page=page,
                rows=[(item, labels.get(item.media_type, item.media_type)) for item in page.items],
                columns=form.columns(),
                pager=form.pager(page),
            )
    template = "content/partials/_region.html" if htmx_partial(request) else "content/list.html"
    return render(request, template, context, status=422 if form.errors else 200)
