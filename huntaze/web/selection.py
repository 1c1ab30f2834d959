"""Which OnlyFans account a dashboard page works on.

Account pages (inbox, fans, content, analytics, settings) show one account at a time: the one
chosen in the top bar's switcher, kept in the session. ``?account=<id>`` in a URL overrides it
(links stay shareable). Only accounts the user may see are ever selected; anything else falls
back to the first one, so a stale session can never reach another tenant's data.
"""

from __future__ import annotations

from django.http import HttpRequest

from huntaze.accounts.access import shift_lock_raise, teams_of
from huntaze.accounts.models import OnlyFansAccount, Team
from huntaze.accounts.selectors import account_list

SESSION_KEY = "huntaze_account_id"


def _as_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def selected_account(request: HttpRequest, *, shift_check: bool = True) -> OnlyFansAccount | None:
    """The account this request's page is about, or ``None`` when the user sees no account.

    A chatter asking (``?account=``) for an account their shifts close now, or who has no open
    account while one is closed by their shifts, gets ``ShiftLockedError`` (once per request,
    unless ``shift_check`` is off: the top bar and team pages never raise it).
    """
    cached = getattr(request, "_huntaze_selected_account", False)
    if cached is False:
        accounts = list(account_list(user=request.user))
        asked = _as_int(request.GET.get("account"))
        wanted = asked or _as_int(request.session.get(SESSION_KEY))
        cached = next((a for a in accounts if a.pk == wanted), accounts[0] if accounts else None)
        request._huntaze_selected_account = cached
        request._huntaze_accounts = accounts
        if asked and (cached is None or cached.pk != asked):
            request._huntaze_shift_check = OnlyFansAccount.objects.filter(pk=asked)
        elif not accounts:
            request._huntaze_shift_check = OnlyFansAccount.objects.all()
    if shift_check and (closed := request.__dict__.pop("_huntaze_shift_check", None)) is not None:
        shift_lock_raise(request.user, accounts=closed)
    return cached


def selectable_accounts(request: HttpRequest) -> list[OnlyFansAccount]:
    """Every account the user may switch to (loaded once per request)."""
    selected_account(request, shift_check=False)
    return request._huntaze_accounts


def account_select(request: HttpRequest, account_id: object) -> OnlyFansAccount | None:
    """Remember ``account_id`` as the user's current account if they may see it."""
    wanted = _as_int(account_id)
    account = account_list(user=request.user).filter(pk=wanted).first() if wanted else None
    if account is not None:
        request.session[SESSION_KEY] = account.pk
        request._huntaze_selected_account = account
    return account


TEAM_SESSION_KEY = "huntaze_team_id"


def selected_team(request: HttpRequest) -> Team | None:
    """The team a settings or audit page is about, or ``None`` for a user in no team.

    ``?team=<id>`` chooses it (and is remembered in the session); else the remembered one, else
    the current account's team, else the user's first. Only the user's own teams are ever chosen.
    """
    cached = getattr(request, "_huntaze_selected_team", False)
    if cached is not False:
        return cached
    teams = list(teams_of(request.user).order_by("name", "pk"))
    asked = _as_int(request.GET.get("team"))
    wanted = asked or _as_int(request.session.get(TEAM_SESSION_KEY))
    if wanted is None and (account := selected_account(request, shift_check=False)) is not None:
        wanted = account.team_id
    team = next((t for t in teams if t.pk == wanted), teams[0] if teams else None)
    if team is not None and team.pk == asked:
        request.session[TEAM_SESSION_KEY] = team.pk
    request._huntaze_selected_team = team
    request._huntaze_teams = teams
    return team


def selectable_teams(request: HttpRequest) -> list[Team]:
    """Every team the user belongs to (loaded once per request)."""
    selected_team(request)
    return request._huntaze_teams
