"""Settings pages of connected accounts: state, preferences, the guided connect form, re-auth and
disconnect. Owners and managers act; chatters see their assigned accounts only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huntaze.accounts.forms import (
    ConnectForm,
    DisconnectForm,
    PreferencesForm,
    SessionForm,
    form_error_add,
    timezone_names,
)
from huntaze.accounts.models import OnlyFansAccount, Team
from huntaze.accounts.selectors import (
    account_get,
    account_list,
    team_get,
)
from huntaze.accounts.services import (
    CONNECT_ROLES,
    account_connect,
    account_disconnect,
    account_preferences_set,
)
from huntaze.accounts.views.common import redirect_to_team_page, settings_context
from huntaze.core.exceptions import ValidationError
from huntaze.inbox.suggestions.context import DEFAULT_PRESET
from huntaze.onlyfans.exceptions import OnlyFansError
from huntaze.presets.choices import PresetSlug
from huntaze.presets.selectors import preset_list
from huntaze.web.htmx import htmx_partial
from huntaze.web.selection import selected_team


def _preset_summaries() -> dict[str, str]:
    return {preset.slug.value: preset.summary for preset in preset_list()}


def _card(account: OnlyFansAccount, form: PreferencesForm, summaries: dict[str, str]) -> dict[str, Any]:
    """One account's card: its state, and for managers its preferences form."""
    slug = account.preset_slug if account.preset_slug in summaries else DEFAULT_PRESET
    return {
        "account": account,
        "form": form,
        "preset_name": PresetSlug(account.preset_slug).label if account.preset_slug == slug else "",
        "preset_summary": summaries[slug],
    }


def _accounts_page(
    request: HttpRequest, team: Team | None, *, bound: PreferencesForm | None = None, status: int = 200
) -> HttpResponse:
    context = settings_context(request, team)
    accounts = list(account_list(user=request.user, team_id=team.pk)) if team is not None else []
    summaries = _preset_summaries()
    context |= {
        "cards": [
            _card(
                a,
                bound if bound and bound.prefix == f"account-{a.pk}" else PreferencesForm(account=a),
                summaries,
            )
            for a in accounts
        ],
        "presets": preset_list(),
        "preset_summaries": summaries | {"": summaries[DEFAULT_PRESET]},
        "timezone_names": timezone_names(),
    }
    return render(request, "accounts/accounts.html", context, status=status)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The team's connected accounts: state, preferences, re-auth and disconnect."""
    return _accounts_page(request, selected_team(request))


@login_required
@require_POST
def account_preferences(request: HttpRequest, account_id: int) -> HttpResponse:
    """Save one account's niche preset, time zone and suggestion engine."""
    account = account_get(user=request.user, account_id=account_id, roles=CONNECT_ROLES)
    form = PreferencesForm(request.POST, account=account)
    saved = False
    if form.is_valid():
        try:
            account = account_preferences_set(
                user=request.user,
                account_id=account.pk,
                preset_slug=form.cleaned_data["preset_slug"],
                timezone_name=form.cleaned_data["timezone"],
                suggestion_engine=form.cleaned_data["suggestion_engine"],
                request=request,
            )
            saved = True
        except ValidationError as exc:
            form_error_add(form, exc)
    status = 200 if saved else 422
    if htmx_partial(request):
        card = _card(account, PreferencesForm(account=account) if saved else form, _preset_summaries())
        context = {"card": card, "form": card["form"], "saved": saved, "oob": True}
        return render(request, "accounts/partials/_preferences_form.html", context, status=status)
    if saved:
        messages.success(request, _("Settings of @%(username)s saved.") % {"username": account.username})
        return redirect_to_team_page("settings:index", account.team_id)
    return _accounts_page(request, account.team, bound=form, status=status)


def _session_submit(
    request: HttpRequest, form: SessionForm, *, team: Team, account: OnlyFansAccount | None
) -> HttpResponse:
    """Check pasted session material with OnlyFans and store it; on failure show the form again
    with what to do, keeping what was typed except the two secrets."""
    try:
        connected = account_connect(
            team=team,
            session=form.session(),
            actor=request.user,
            request=request,
            onlyfans_user_id=account.onlyfans_user_id if account is not None else None,
        )
    except (OnlyFansError, ValidationError) as exc:
        form_error_add(form, exc)
        return _connect_page(request, team, form, account=account, status=exc.http_status)
    messages.success(request, _("@%(username)s is connected.") % {"username": connected.username})
    return redirect_to_team_page("settings:index", team.pk)


def _connect_page(
    request: HttpRequest,
    team: Team | None,
    form: SessionForm | None,
    *,
    account: OnlyFansAccount | None = None,
    status: int = 200,
) -> HttpResponse:
    context = settings_context(request, team) | {"form": form, "account": account}
    return render(request, "accounts/connect.html", context, status=status)


@login_required
def connect(request: HttpRequest) -> HttpResponse:
    """The guided form that connects an OnlyFans account to the team (owners and managers)."""
    if request.method == "POST":
        form = ConnectForm(request.POST)
        valid = form.is_valid()
        team_id = form.cleaned_data.get("team") or getattr(selected_team(request), "pk", 0)
        team = team_get(user=request.user, team_id=team_id, roles=CONNECT_ROLES)
        if not valid:
            return _connect_page(request, team, form, status=422)
        return _session_submit(request, form, team=team, account=None)
    team = selected_team(request)
    if team is None:
        return _connect_page(request, None, None)
    team = team_get(user=request.user, team_id=team.pk, roles=CONNECT_ROLES)
    return _connect_page(request, team, ConnectForm(initial={"team": team.pk}))


@login_required
def reauth(request: HttpRequest, account_id: int) -> HttpResponse:
    """New session material for an account whose session expired (or that was disconnected)."""
    account = account_get(user=request.user, account_id=account_id, roles=CONNECT_ROLES)
    if request.method == "POST":
        form = SessionForm(request.POST)
        if not form.is_valid():
            return _connect_page(request, account.team, form, account=account, status=422)
        return _session_submit(request, form, team=account.team, account=account)
    return _connect_page(request, account.team, SessionForm(), account=account)


@login_required
def disconnect(request: HttpRequest, account_id: int) -> HttpResponse:
    """Confirm, then stop syncing an account, keeping or deleting its data."""
    account = account_get(user=request.user, account_id=account_id, roles=CONNECT_ROLES)
    form = DisconnectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        delete_data = form.cleaned_data["synced_data"] == "delete"
        account_disconnect(user=request.user, account_id=account.pk, delete_data=delete_data)
        text = (
            _("@%(username)s is disconnected and its data deleted.")
            if delete_data
            else _("@%(username)s is disconnected; its data is kept.")
        )
        messages.success(request, text % {"username": account.username})
        return redirect_to_team_page("settings:index", account.team_id)
    context = settings_context(request, account.team) | {"account": account, "form": form}
    return render(request, "accounts/disconnect.html", context, status=422 if form.is_bound else 200)
