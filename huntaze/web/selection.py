"""Which OnlyFans account a dashboard page works on.

Account pages (inbox, fans, content, analytics, settings) show one account at a time: the one
chosen in the top bar's switcher, kept in the session. ``?account=<id>`` in a URL overrides it
(links stay shareable). Only accounts the user may see are ever selected; anything else falls
back to the first one, so a stale session can never reach another tenant's data.
"""

from __future__ import annotations

from django.http import HttpRequest

from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.selectors import account_list

SESSION_KEY = "huntaze_account_id"


def _as_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def selected_account(request: HttpRequest) -> OnlyFansAccount | None:
    """The account this request's page is about, or ``None`` when the user sees no account."""
    cached = getattr(request, "_huntaze_selected_account", False)
    if cached is not False:
        return cached
    accounts = list(account_list(user=request.user))
    wanted = _as_int(request.GET.get("account")) or _as_int(request.session.get(SESSION_KEY))
    account = next((a for a in accounts if a.pk == wanted), accounts[0] if accounts else None)
    request._huntaze_selected_account = account
    request._huntaze_accounts = accounts
    return account


def selectable_accounts(request: HttpRequest) -> list[OnlyFansAccount]:
    """Every account the user may switch to (loaded once per request)."""
    selected_account(request)
    return request._huntaze_accounts


def account_select(request: HttpRequest, account_id: int | None) -> OnlyFansAccount | None:
    """Remember ``account_id`` as the user's current account if they may see it."""
    account = next((a for a in account_list(user=request.user) if a.pk == account_id), None)
    if account is not None:
        request.session[SESSION_KEY] = account.pk
        request._huntaze_selected_account = account
    return account
