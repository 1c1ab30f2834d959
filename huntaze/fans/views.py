"""Fans pages: the sortable, filterable table with bulk tagging and CSV export, and one fan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from huntaze.core.exceptions import ValidationError
from huntaze.core.pagination import LIMIT_DEFAULT, InvalidCursorError
from huntaze.fans.choices import SubscriptionStatus
from huntaze.fans.forms import FanBulkTagForm, FanFilterForm
from huntaze.fans.selectors import (
    fan_chat_ids,
    fan_csv_rows,
    fan_export_allowed,
    fan_get,
    fan_page,
    tag_list,
)
from huntaze.fans.services import fan_tags_bulk_change
from huntaze.web.csv import csv_download
from huntaze.web.htmx import htmx_partial
from huntaze.web.selection import selected_account


@login_required
@require_GET
def fans_list(request: HttpRequest) -> HttpResponse:
    """The selected account's fans, ``LIMIT_DEFAULT`` a page; bad filters are a 422 showing the
    form with its errors."""
    account = selected_account(request)
    form = FanFilterForm(request.GET)
    context: dict[str, Any] = {
        "account": account,
        "form": form,
        "page": None,
        "partial": htmx_partial(request),
    }
    if account is not None and form.is_valid():
        try:
            page = fan_page(
                user=request.user,
                account_id=account.pk,
                cursor=form.cleaned_data["cursor"] or None,
                limit=LIMIT_DEFAULT,
                sort=form.sort_key(),
                descending=form.descending(),
                filters=form.filters(),
            )
        except InvalidCursorError as exc:
            form.add_error("cursor", exc.message)
        else:
            chat_ids = fan_chat_ids(fan_ids=[fan.pk for fan in page.items])
            # Labels looked up once: ``get_subscription_status_display`` rebuilds the choices per row.
            statuses = {value: str(label) for value, label in SubscriptionStatus.choices}
            context.update(
                page=page,
                rows=[(fan, chat_ids.get(fan.pk), statuses[fan.subscription_status]) for fan in page.items],
                tags=tag_list(user=request.user, account_id=account.pk).values_list("name", flat=True),
                columns=form.columns(),
                pager=form.pager(page),
                can_export=fan_export_allowed(user=request.user, account=account),
            )
    template = "fans/partials/_region.html" if context["partial"] else "fans/list.html"
    return render(request, template, context, status=422 if form.errors else 200)


@login_required
@require_POST
def bulk_tag(request: HttpRequest) -> HttpResponse:
    """Add or remove a tag on the checked fans (all or nothing), then back to the same list."""
    form = FanBulkTagForm(request.POST)
    if not form.is_valid():
        raise ValidationError(
            " ".join(str(error) for errors in form.errors.values() for error in errors),
            extra={"errors": form.errors.get_json_data()},
        )
    data = form.cleaned_data
    add = data["action"] == "add"
    changed = fan_tags_bulk_change(user=request.user, fan_ids=data["fan"], tag=data["tag"], add=add)
    if add:
        text = ngettext(
            'Tag "%(tag)s" added to %(count)d fan.', 'Tag "%(tag)s" added to %(count)d fans.', changed
        )
    else:
        text = ngettext(
            'Tag "%(tag)s" removed from %(count)d fan.', 'Tag "%(tag)s" removed from %(count)d fans.', changed
        )
    messages.success(request, text % {"tag": data["tag"].strip().lower(), "count": changed})
    query = form.list_query()
    return redirect(f"{reverse('fans:list')}?{query}" if query else reverse("fans:list"))


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The current filter's fans as CSV, streamed: every page, in the page's order (owners and
    managers only)."""
    account = selected_account(request)
    form = FanFilterForm(request.GET)
    if account is None or not form.is_valid():
        raise ValidationError(_("Choose an account and valid filters before exporting."))
    rows = fan_csv_rows(
        user=request.user,
        account_id=account.pk,
        sort=form.sort_key(),
        descending=form.descending(),
        filters=form.filters(),
    )
    return csv_download(rows, filename=f"fans-{account.pk}-{timezone.localdate():%Y-%m-%d}.csv")


@login_required
@require_GET
def detail(request: HttpRequest, fan_id: int) -> HttpResponse:
    """One fan: spend by kind, subscription dates, tags, notes and a link to the chat."""
    fan = fan_get(user=request.user, fan_id=fan_id)
    context = {
        "fan": fan,
        "tags": sorted(tag.name for tag in fan.tags.all()),
        "chat_id": fan_chat_ids(fan_ids=[fan.pk]).get(fan.pk),
    }
    return render(request, "fans/detail.html", context)
