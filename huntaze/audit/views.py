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
    "account.purge": _("Deleted an account's data"),
    "account.session_set": _("Renewed an account's session"),
    "account.status_change": _("Account status changed"),
    "api_token.create": _("Created an API token"),
    "api_token.revoke": _("Revoked an API token"),
    "attribution.reassign": _("Reassigned a sale"),
    "auth.lock": _("Login locked after failed attempts"),
    "auth.login": _("Logged in"),
    "auth.login_failed": _("Failed login"),
    "auth.logout_everywhere": _("Logged out everywhere"),
    "auth.password_change": _("Changed a password"),
    "auth.unlock": _("Unlocked a login"),
    "campaign.approve": _("Approved a campaign"),
    "campaign.cancel": _("Cancelled a campaign"),
    "campaign.create": _("Created a campaign"),
    "campaign.stopped": _("Campaign stopped"),
    "chat.assign": _("Assigned a chat"),
    "chat.read": _("Marked a chat read"),
    "export.download": _("Downloaded an export"),
    "export.expire": _("Export expired"),
    "export.import": _("Imported an export"),
    "export.request": _("Requested an export"),
    "fan.notes_set": _("Edited a fan's notes"),
    "fan.tags_set": _("Edited a fan's tags"),
    "membership.assign_accounts": _("Assigned accounts to a chatter"),
    "membership.remove": _("Removed a member"),
    "membership.set": _("Added a member or changed a role"),
    "mention.read": _("Read a mention"),
    "note.create": _("Wrote a team note"),
    "note.delete": _("Deleted a team note"),
    "outbound.approve": _("Approved a message"),
    "outbound.cancel": _("Cancelled a scheduled message"),
    "outbound.send": _("Message sent"),
    "outbound.send_failed": _("Message send failed"),
    "outbound.send_refused": _("Message send refused"),
    "outbound.send_unknown": _("Message send uncertain"),
    "saved_reply.create": _("Created a saved reply"),
    "saved_reply.delete": _("Deleted a saved reply"),
    "saved_reply.update": _("Edited a saved reply"),
    "segment.create": _("Created a segment"),
    "segment.delete": _("Deleted a segment"),
    "segment.spend_tiers_set": _("Changed spend tiers"),
    "segment.update": _("Edited a segment"),
    "sequence.save": _("Saved a sequence"),
    "sequence_draft.dismiss": _("Dismissed a sequence draft"),
    "shift.add": _("Added a shift"),
    "shift.clock_in": _("Clocked in"),
    "shift.clock_out": _("Clocked out"),
    "shift.extend": _("Extended a shift"),
    "shift.remove": _("Removed a shift"),
    "sync.health_alert": _("Sync alert"),
    "team.create": _("Created the team"),
    "team.two_factor_policy": _("Changed the team's 2FA policy"),
    "team.workflow_set": _("Changed the chat workflow"),
    "two_factor.disable": _("Turned off 2FA"),
    "two_factor.enable": _("Turned on 2FA"),
    "two_factor.recovery_code_use": _("Used a recovery code"),
    "two_factor.recovery_codes_regenerate": _("Made new recovery codes"),
    "two_factor.reset": _("2FA reset by an operator"),
    "user.create": _("Created a login"),
    "webhook.auto_disable": _("Webhook turned off after failures"),
    "webhook.create": _("Created a webhook"),
    "webhook.delete": _("Deleted a webhook"),
    "webhook.disable": _("Turned off a webhook"),
    "webhook.enable": _("Turned on a webhook"),
    "webhook.secret_regenerate": _("Made a new webhook secret"),
    "webhook.test": _("Sent a test event"),
    "webhook.update": _("Edited a webhook"),
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
