"""What every settings page shares: the team switcher, the sub-nav, going back to a team's page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from huntaze.accounts.access import FULL_ACCESS_ROLES, role_in_team
from huntaze.accounts.choices import Role
from huntaze.accounts.models import Team
from huntaze.web.selection import selectable_teams

# Pages about the selected team; the others are about one object, so switching team leaves them.
TEAM_PAGES = {"index", "connect", "members", "tokens"}


def settings_context(request: HttpRequest, team: Team | None) -> dict[str, Any]:
    """What every settings page shows around its section: the team switcher and the sub-nav."""
    role = role_in_team(request.user, team.pk) if team is not None else None
    here = request.resolver_match.url_name if request.resolver_match else ""
    return {
        "team": team,
        "teams": selectable_teams(request),
        "switch_url": request.path if here in TEAM_PAGES else reverse("settings:index"),
        "role": role,
        "can_manage": role in FULL_ACCESS_ROLES,
        "is_owner": role == Role.OWNER,
    }


def redirect_to_team_page(name: str, team_id: int) -> HttpResponse:
    """Back to a settings page of ``team_id`` (the team is in the URL: the session may differ)."""
    return redirect(f"{reverse(name)}?team={team_id}")
