"""Settings pages of the team: members and roles (owners) and API tokens (owners and managers).
One's own password and two-factor login are the ``security`` app's pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from huntaze.accounts.forms import (
    AssignForm,
    MemberForm,
    RoleForm,
    TeamWorkflowForm,
    TokenForm,
    form_error_add,
)
from huntaze.accounts.models import Membership, OnlyFansAccount, Team
from huntaze.accounts.selectors import (
    MEMBER_ADMIN_ROLES,
    account_list,
    membership_get,
    membership_list,
    team_get,
)
from huntaze.accounts.services import (
    membership_accounts_assign,
    membership_add,
    membership_remove,
    membership_set,
    membership_user_create,
    team_workflow_set,
)
from huntaze.accounts.services.teams import TEAM_WORKFLOW_FIELDS
from huntaze.accounts.views.common import redirect_to_team_page, settings_context
from huntaze.api.selectors import api_token_list
from huntaze.api.services import api_token_create, api_token_revoke
from huntaze.core.exceptions import ValidationError
from huntaze.web.htmx import htmx_partial
from huntaze.web.selection import selected_team

T = TypeVar("T")


def _member_row(
    membership: Membership,
    accounts: list[OnlyFansAccount],
    *,
    role_form: RoleForm | None = None,
    assign_form: AssignForm | None = None,
) -> dict[str, Any]:
    prefix = f"member-{membership.pk}"
    return {
        "membership": membership,
        "role_form": role_form or RoleForm(prefix=prefix, initial={"role": membership.role}),
        "assign_form": assign_form
        or AssignForm(
            prefix=prefix,
            accounts=accounts,
            initial={"accounts": [str(a.pk) for a in membership.accounts.all()]},
        ),
    }


def _members_page(
    request: HttpRequest,
    team: Team | None,
    *,
    add_form: MemberForm | None = None,
    create_form: MemberForm | None = None,
    created: tuple[Membership, str] | None = None,
    workflow_form: TeamWorkflowForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = settings_context(request, team)
    if team is not None:
        workflow = {name: getattr(team, name) for name in TEAM_WORKFLOW_FIELDS}
        memberships = list(membership_list(user=request.user, team_id=team.pk))
        accounts = list(account_list(user=request.user, team_id=team.pk))
        initial = {"team": team.pk}
        context |= {
            "rows": [_member_row(m, accounts) for m in memberships],
            "add_form": add_form or MemberForm(prefix="add", initial=initial),
            "create_form": create_form or MemberForm(prefix="create", initial=initial),
            "created": created,
            "workflow_form": workflow_form or TeamWorkflowForm(initial=initial | workflow),
            "error": error,
        }
    return render(request, "accounts/members.html", context, status=status)


@login_required
def members(request: HttpRequest) -> HttpResponse:
    """The team's members and roles, and who works on which account (owners only)."""
    return _members_page(request, selected_team(request))


def _member_submit(
    request: HttpRequest, *, prefix: str, service: Callable[..., T]
) -> tuple[Team, T] | HttpResponse:
    """The add or create member form (``prefix``) passed to ``service``: the team and what the
    service returned, or the members page showing the refused form with its errors."""
    form = MemberForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _members_page(request, selected_team(request), **{f"{prefix}_form": form}, status=422)
    team = team_get(user=request.user, team_id=form.cleaned_data["team"])
    try:
        result = service(
            actor=request.user,
            team_id=team.pk,
            username=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
        )
    except ValidationError as exc:
        form_error_add(form, exc)
        return _members_page(request, team, **{f"{prefix}_form": form}, status=exc.http_status)
    return team, result


@login_required
@require_POST
def member_add(request: HttpRequest) -> HttpResponse:
    """Add an existing login to the team."""
    submitted = _member_submit(request, prefix="add", service=membership_add)
    if isinstance(submitted, HttpResponse):
        return submitted
    team, membership = submitted
    messages.success(
        request, _("%(username)s joined the team.") % {"username": membership.user.get_username()}
    )
    return redirect_to_team_page("settings:members", team.pk)


@login_required
@require_POST
@never_cache
def member_create(request: HttpRequest) -> HttpResponse:
    """Create a login for a new member; its temporary password is shown in this answer only."""
    submitted = _member_submit(request, prefix="create", service=membership_user_create)
    if isinstance(submitted, HttpResponse):
        return submitted
    team, created = submitted
    return _members_page(request, team, created=created)


def _member_answer(
    request: HttpRequest, membership: Membership, *, form: RoleForm | AssignForm, done: bool
) -> HttpResponse:
    """After a change to one member: their row (HTMX) or the members page."""
    if htmx_partial(request):
        membership = membership_get(user=request.user, membership_id=membership.pk)
        accounts = list(account_list(user=request.user, team_id=membership.team_id))
        bound = {} if done else {"role_form" if isinstance(form, RoleForm) else "assign_form": form}
        context = _member_row(membership, accounts, **bound) | {"saved": done, "oob": True}
        return render(request, "accounts/partials/_member_row.html", context, status=200 if done else 422)
    if done:
        messages.success(request, _("Saved."))
        return redirect_to_team_page("settings:members", membership.team_id)
    errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return _members_page(request, membership.team, error=errors, status=422)


@login_required
@require_POST
def team_workflow(request: HttpRequest) -> HttpResponse:
    """Change how the team's chat work runs (owners; audited)."""
    form = TeamWorkflowForm(request.POST)
    if not form.is_valid():
        return _members_page(request, selected_team(request), workflow_form=form, status=422)
    team = team_get(user=request.user, team_id=form.cleaned_data["team"])
    try:
        team_workflow_set(actor=request.user, team_id=team.pk, **form.workflow())
    except ValidationError as exc:
        form_error_add(form, exc)
        return _members_page(request, team, workflow_form=form, status=exc.http_status)
    messages.success(request, _("Chat workflow saved."))
    return redirect_to_team_page("settings:members", team.pk)


@login_required
@require_POST
def member_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Change a member's role (audited); the last owner cannot be demoted."""
    membership = membership_get(user=request.user, membership_id=membership_id)
    form = RoleForm(request.POST, prefix=f"member-{membership.pk}")
    done = False
    if form.is_valid():
        try:
            membership_set(
                team=membership.team, user=membership.user, role=form.cleaned_data["role"], actor=request.user
            )
            done = True
        except ValidationError as exc:
            form_error_add(form, exc)
    return _member_answer(request, membership, form=form, done=done)


@login_required
@require_POST
def member_accounts(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Choose the accounts a chatter works on (audited)."""
    membership = membership_get(user=request.user, membership_id=membership_id)
    accounts = list(account_list(user=request.user, team_id=membership.team_id))
    form = AssignForm(request.POST, prefix=f"member-{membership.pk}", accounts=accounts)
    done = False
    if form.is_valid():
        try:
            membership_accounts_assign(membership=membership, accounts=form.chosen(), actor=request.user)
            done = True
        except ValidationError as exc:
            form_error_add(form, exc)
    return _member_answer(request, membership, form=form, done=done)


@login_required
def member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Confirm, then remove someone from the team."""
    membership = membership_get(user=request.user, membership_id=membership_id)
    error = ""
    if request.method == "POST":
        try:
            membership_remove(actor=request.user, membership_id=membership.pk)
        except ValidationError as exc:
            error = exc.message
        else:
            messages.success(request, _("%(username)s left the team.") % {"username": membership.user})
            return redirect_to_team_page("settings:members", membership.team_id)
    else:
        team_get(user=request.user, team_id=membership.team_id, roles=MEMBER_ADMIN_ROLES)
    context = settings_context(request, membership.team) | {"membership": membership, "error": error}
    return render(request, "accounts/member_remove.html", context, status=422 if error else 200)


# --- API tokens (owners and managers) ---


def _tokens_page(
    request: HttpRequest,
    team: Team | None,
    *,
    form: TokenForm | None = None,
    created: str = "",
    status: int = 200,
) -> HttpResponse:
    context = settings_context(request, team)
    if team is not None:
        context |= {
            "tokens": list(api_token_list(user=request.user, team_id=team.pk)),
            "form": form or TokenForm(initial={"team": team.pk}),
            "created": created,
        }
    template = "accounts/partials/_tokens.html" if htmx_partial(request) else "accounts/tokens.html"
    return render(request, template, context, status=status)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The team's API tokens: prefix, creator, last use; never a secret."""
    return _tokens_page(request, selected_team(request))


@login_required
@require_POST
@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    """Create a token; its secret is in this answer only."""
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, selected_team(request), form=form, status=422)
    team = team_get(user=request.user, team_id=form.cleaned_data["team"])
    try:
        _token, secret = api_token_create(user=request.user, team_id=team.pk, name=form.cleaned_data["name"])
    except ValidationError as exc:
        form_error_add(form, exc)
        return _tokens_page(request, team, form=form, status=exc.http_status)
    return _tokens_page(request, team, form=TokenForm(initial={"team": team.pk}), created=secret)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke a token: scripts using it stop working at once."""
    token = api_token_revoke(user=request.user, token_id=token_id)
    if htmx_partial(request):
        return render(request, "accounts/partials/_token_row.html", {"token": token, "revoked_now": True})
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect_to_team_page("settings:tokens", token.team_id)
