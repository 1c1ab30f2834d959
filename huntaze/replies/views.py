"""The saved replies page (list, create, edit, delete for the selected account) and the composer's
"/" search, which answers the matching replies rendered for one chat's fan as a fragment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huntaze.accounts.models import OnlyFansAccount
from huntaze.core.exceptions import HuntazeError, NotFoundError, ValidationError
from huntaze.core.money import cents_to_dollars
from huntaze.replies.forms import SCOPE_ACCOUNT, SCOPE_TEAM, SavedReplyForm, SearchForm, variables_help
from huntaze.replies.selectors import saved_replies_overview, saved_reply_get, saved_reply_search
from huntaze.replies.services import saved_reply_create, saved_reply_delete, saved_reply_update
from huntaze.web.htmx import htmx_partial
from huntaze.web.selection import selected_account


def _scopes(account: OnlyFansAccount, *, manages_team: bool) -> list[tuple[str, str]]:
    scopes = [(SCOPE_ACCOUNT, _("Only @%(username)s") % {"username": account.username})]
    if manages_team:
        scopes.append((SCOPE_TEAM, _("Every account of %(team)s") % {"team": account.team.name}))
    return scopes


def _page(request: HttpRequest, *, form: SavedReplyForm | None = None, status: int = 200) -> HttpResponse:
    """The page (or its region for HTMX) for the selected account, with ``form`` as submitted."""
    account = selected_account(request)
    context: dict[str, Any] = {
        "account": account,
        "partial": htmx_partial(request),
        "variables": variables_help(),
    }
    if account is not None:
        overview = saved_replies_overview(user=request.user, account_id=account.pk)
        context.update(
            replies=overview.replies,
            form=form or SavedReplyForm(scopes=_scopes(account, manages_team=overview.manages_team)),
        )
    template = "replies/partials/_region.html" if context["partial"] else "replies/index.html"
    return render(request, template, context, status=status)


def _refused(form: SavedReplyForm, error: HuntazeError) -> None:
    """Bad input goes back into the form; not found and not allowed stay errors (404, 403)."""
    if error.http_status in (403, 404):
        raise error
    form.add_service_error(error)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    """Save the form's reply; a refused form comes back with its errors (422)."""
    account = selected_account(request)
    if account is None:
        raise NotFoundError()
    manages_team = saved_replies_overview(user=request.user, account_id=account.pk).manages_team
    form = SavedReplyForm(request.POST, scopes=_scopes(account, manages_team=manages_team))
    if form.is_valid():
        team_wide = form.cleaned_data["scope"] == SCOPE_TEAM
        try:
            reply = saved_reply_create(
                user=request.user,
                account_id=None if team_wide else account.pk,
                team_id=account.team_id if team_wide else None,
                **form.values(),
            )
        except HuntazeError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("Saved reply “/%(shortcut)s” saved.") % {"shortcut": reply.shortcut})
            return _page(request) if htmx_partial(request) else redirect("replies:index")
    return _page(request, form=form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, reply_id: int) -> HttpResponse:
    """A reply's form; saving goes back to the list (another tenant's reply is a 404, a reply the
    user may not change a 403)."""
    reply = saved_reply_get(user=request.user, reply_id=reply_id, to_change=True)
    status = 200
    if request.method == "POST":
        form = SavedReplyForm(request.POST)
        if form.is_valid():
            try:
                saved_reply_update(user=request.user, reply_id=reply.pk, **form.values())
            except HuntazeError as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("Saved reply updated."))
                return redirect("replies:index")
        status = 422
    else:
        price = cents_to_dollars(reply.price_cents) if reply.price_cents else None
        form = SavedReplyForm(
            initial={"title": reply.title, "shortcut": reply.shortcut, "body": reply.body, "price": price}
        )
    context = {"reply": reply, "form": form, "variables": variables_help()}
    return render(request, "replies/edit.html", context, status=status)


@login_required
@require_POST
def delete(request: HttpRequest, reply_id: int) -> HttpResponse:
    saved_reply_delete(user=request.user, reply_id=reply_id)
    messages.success(request, _("Saved reply deleted."))
    return _page(request) if htmx_partial(request) else redirect("replies:index")


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The composer's "/" search: replies for ``chat`` matching ``q``, rendered for its fan.

    Nothing is sent or approved here: the chosen text goes into the composer for review.
    """
    form = SearchForm(request.GET)
    if not form.is_valid():
        raise ValidationError(_("This search is not valid."), extra={"errors": form.errors.get_json_data()})
    matches = saved_reply_search(
        user=request.user,
        chat_id=form.cleaned_data["chat"],
        query=form.cleaned_data["q"],
        price_cents=form.price_cents(),
    )
    context = {"matches": matches, "query": form.cleaned_data["q"]}
    return render(request, "replies/partials/_search.html", context)
