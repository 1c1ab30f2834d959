"""The audit log page: a team's trail for its owners (managers and chatters get a 403 page).

Owners only, as the product plan says: the log shows every member's approvals, role changes and
token use, which is the owners' oversight; managers already see what they act on elsewhere.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.selectors import account_list
from huntaze.audit.selectors import OWNERS_ONLY, audit_log
from huntaze.core.exceptions import PermissionDeniedError, ValidationError
from huntaze.web.selection import selectable_teams, selected_team

# What each action means to a reader; actions not listed show their code.
ACTION_LABELS = {
    "account.connect": _("Connected an account"),
    "account.create": _("Added an account"),
    "account.disconnect": _("Disconnected an account"),
    "account.preferences_set": _("Changed account settings"),
    "account.session_set": _("Renewed an account's session"),
    "account.status_change": _("Account status changed"),
    "api_token.create": _("Created an API token"),
    "api_token.revoke": _("Revoked an API token"),
    "chat.assign": _("Assigned a chat"),
    "chat.read": _("Marked a chat read"),
    "fan.notes_set": _("Edited a fan's notes"),
    "fan.tags_set": _("Edited a fan's tags"),
    "membership.assign_accounts": _("Assigned accounts to a chatter"),
    "membership.remove": _("Removed a member"),
    "membership.set": _("Added a member or changed a role"),
    "outbound.approve": _("Approved a message"),
    "outbound.send": _("Message sent"),
    "outbound.send_failed": _("Message send failed"),
    "outbound.send_unknown": _("Message send uncertain"),
    "sync.health_alert": _("Sync alert"),
    "team.create": _("Created the team"),
    "user.create": _("Created a login"),
}
FILTER_MAX_LENGTH = 200


def _filters(request: HttpRequest) -> dict[str, Any]:
    """The log's filters from the query string; an account that is not an id is a 422."""
    account = request.GET.get("account", "")
    if account and not (account.isdigit() and len(account) <= 18):
        raise ValidationError(_("Choose the account from the list."), extra={"field": "account"})
    return {
        "account_id": int(account) if account else None,
        "actor_label": request.GET.get("actor", "")[:FILTER_MAX_LENGTH] or None,
        "action": request.GET.get("action", "")[:FILTER_MAX_LENGTH] or None,
        "cursor": request.GET.get("cursor") or None,
    }


@login_required
def log(request: HttpRequest) -> HttpResponse:
    """The selected team's events, newest first, by account, actor and action, 50 a page."""
    team = selected_team(request)
    if team is None:
        raise PermissionDeniedError(OWNERS_ONLY)
    filters = _filters(request)
    context = {"team": team, "teams": selectable_teams(request), "switch_url": reverse("audit:log")}
    try:
        trail = audit_log(user=request.user, team_id=team.pk, **filters)
    except PermissionDeniedError as exc:
        # Still a 403, but with the team switcher: the user may own another of their teams.
        return render(request, "audit/log.html", context | {"error": exc}, status=exc.http_status)
    accounts = list(account_list(user=request.user, team_id=team.pk))
    usernames = {account.pk: account.username for account in accounts}
    context |= {
        "filters": filters,
        "accounts": accounts,
        "actors": trail.actors,
        "actions": [(action, ACTION_LABELS.get(action, action)) for action in trail.actions],
        "rows": [
            {
                "event": event,
                "label": ACTION_LABELS.get(event.action, event.action),
                "account": usernames.get(event.account_id, ""),
            }
            for event in trail.page.items
        ],
        "next_cursor": trail.page.next_cursor,
    }
    return render(request, "audit/log.html", context)
