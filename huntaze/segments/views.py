"""The segments page: the selected account's segments with counts and daily change, a form to
make one from the built-in rule kinds (with a live count), and delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huntaze.accounts.access import FULL_ACCESS_ROLES
from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.selectors import account_get
from huntaze.core.exceptions import NotFoundError, ValidationError
from huntaze.segments.exceptions import SegmentNameTakenError
from huntaze.segments.forms import SegmentForm, SegmentRulesForm
from huntaze.segments.selectors import SegmentPreview, ppv_items, segment_preview, spend_tiers_effective
from huntaze.segments.services import segment_create, segment_delete, segments_overview
from huntaze.web.htmx import htmx_partial
from huntaze.web.selection import selected_account


def _page(
    request: HttpRequest,
    *,
    form: SegmentForm | None = None,
    rules_form: SegmentRulesForm | None = None,
    preview: SegmentPreview | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page (or its region for HTMX) for the selected account, with ``form`` as submitted."""
    account = selected_account(request)
    context: dict[str, Any] = {"account": account, "partial": htmx_partial(request)}
    if account is not None:
        overview = segments_overview(user=request.user, account_id=account.pk)
        if overview.can_edit and form is None:
            form = SegmentForm(**_form_choices(account))
        context.update(
            segments=overview.segments,
            can_edit=overview.can_edit,
            form=form,
            rules_form=rules_form,
            preview=preview,
        )
    template = "segments/partials/_region.html" if context["partial"] else "segments/index.html"
    return render(request, template, context, status=status)


def _form_choices(account: OnlyFansAccount) -> dict[str, Any]:
    return {"items": ppv_items(account=account), "tiers": spend_tiers_effective(account=account).minimums}


def _editable_account(request: HttpRequest) -> OnlyFansAccount:
    """The selected account if the user may change its segments (``PermissionDeniedError`` for
    chatters, ``NotFoundError`` without an account)."""
    account = selected_account(request)
    if account is None:
        raise NotFoundError()
    return account_get(user=request.user, account_id=account.pk, roles=FULL_ACCESS_ROLES)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    """Save the form's segment (owners and managers); a refused form comes back with its errors (422)."""
    account = _editable_account(request)
    form = SegmentForm(request.POST, **_form_choices(account))
    if form.is_valid():
        try:
            segment = segment_create(
                user=request.user,
                account_id=account.pk,
                name=form.cleaned_data["name"],
                definition=form.definition(),
            )
        except (ValidationError, SegmentNameTakenError) as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Segment “%(name)s” saved.") % {"name": segment.name})
            return _page(request) if htmx_partial(request) else redirect("segments:index")
    return _page(request, form=form, status=422)


@login_required
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """How many fans the form's rules hold now, with a few of them: the fragment of the live
    preview, or (without JavaScript) the whole page with the form as it was filled in."""
    account = _editable_account(request)
    choices = _form_choices(account)
    rules_form = SegmentRulesForm(request.POST, **choices)
    result = None
    if rules_form.is_valid():
        result = segment_preview(user=request.user, account_id=account.pk, definition=rules_form.definition())
    status = 200 if result is not None else 422
    if htmx_partial(request):
        context = {"preview": result, "rules_form": rules_form}
        return render(request, "segments/partials/_preview.html", context, status=status)
    form = SegmentForm(initial=request.POST.dict(), **choices)
    return _page(request, form=form, rules_form=rules_form, preview=result, status=status)


@login_required
@require_POST
def delete(request: HttpRequest, segment_id: int) -> HttpResponse:
    """Delete a segment (owners and managers; another tenant's is a 404)."""
    segment_delete(user=request.user, segment_id=segment_id)
    messages.success(request, _("Segment deleted."))
    return _page(request) if htmx_partial(request) else redirect("segments:index")
