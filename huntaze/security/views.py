"""Login (both steps), logout and the account security pages: thin views over the services.

Refused credentials are shown on their form (wrong password: 200 like Django's login page; a
wrong code or confirmation: 422; a lock: 429). Other service errors propagate to
``web.middleware`` which renders them. Pages that show a secret or codes are never cached.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from huntaze.core.exceptions import HuntazeError
from huntaze.security.exceptions import (
    InvalidCodeError,
    InvalidCredentialsError,
    LoginLockedError,
    LoginPendingExpiredError,
)
from huntaze.security.forms import CodeForm, DisableForm, LoginForm, PasswordConfirmForm, TeamPolicyForm
from huntaze.security.selectors import (
    login_pending_user_id,
    security_overview,
    totp_enrolment_get,
    two_factor_enabled,
    two_factor_required,
)
from huntaze.security.services import (
    login_code_step,
    login_password_step,
    login_unlock,
    password_change,
    recovery_codes_regenerate,
    sessions_logout_everywhere,
    team_2fa_require,
    totp_disable,
    totp_enrol_confirm,
    totp_enrol_start,
)

REFUSALS = (LoginLockedError, InvalidCredentialsError, InvalidCodeError)


def _next_url(request: HttpRequest, default: str = "web:hub") -> str:
    """Where to go afterwards: a ``next`` of this site other than this page, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target != request.path else reverse(default)


def _refused(form: forms.Form, error: HuntazeError) -> int:
    """Show a refused password, code or lock on ``form``; the HTTP status to answer with."""
    form.add_error(None, error.message)
    return error.http_status


@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    """Step 1: username and password. With 2FA on, the code step follows before any login."""
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url)
    form = LoginForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            logged_in = login_password_step(request=request, **form.cleaned_data)
        except InvalidCredentialsError as error:
            _refused(form, error)  # 200, as Django's own login page answers
        except LoginLockedError as error:
            status = _refused(form, error)
        else:
            if logged_in:
                return redirect(next_url)
            return redirect(f"{reverse('security:login_code')}?{urlencode({'next': next_url})}")
    return render(request, "web/login.html", {"form": form, "next": next_url}, status=status)


@sensitive_post_parameters("code")
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """Step 2: a TOTP or recovery code for the user whose password was right (within 5 minutes)."""
    next_url = _next_url(request)
    if login_pending_user_id(request) is None:
        messages.warning(request, LoginPendingExpiredError.default_message)
        return redirect("web:login")
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            login_code_step(request=request, code=form.cleaned_data["code"])
        except LoginPendingExpiredError as error:
            messages.warning(request, error.message)
            return redirect("web:login")
        except REFUSALS as error:
            status = _refused(form, error)
        else:
            return redirect(next_url)
    elif form.is_bound:
        status = 422
    return render(request, "security/login_code.html", {"form": form, "next": next_url}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:login")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Account security: 2FA, recovery codes, sessions, password; team rules and lock-outs for owners."""
    return render(request, "security/index.html", {"overview": security_overview(user=request.user)})


@login_required
@require_POST
def totp_start(request: HttpRequest) -> HttpResponse:
    """Make a new secret to enrol; the set-up page then shows it."""
    totp_enrol_start(user=request.user)
    return redirect("security:totp_enrol")


@sensitive_post_parameters("code")
@never_cache
@login_required
def totp_enrol(request: HttpRequest) -> HttpResponse:
    """The set-up: scan the QR code (or type the secret), then prove it with a code.

    Success answers with the recovery codes, once; they are not stored in plain anywhere.
    """
    if two_factor_enabled(request.user):
        return redirect("security:index")
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            codes = totp_enrol_confirm(user=request.user, code=form.cleaned_data["code"], request=request)
        except InvalidCodeError as error:
            status = _refused(form, error)
        else:
            return render(request, "security/recovery_codes.html", {"codes": codes, "first_time": True})
    elif form.is_bound:
        status = 422
    context = {
        "form": form,
        "enrolment": totp_enrolment_get(user=request.user),
        "required": two_factor_required(request.user),
    }
    return render(request, "security/enrol.html", context, status=status)


@sensitive_post_parameters("password", "code")
@never_cache
@login_required
def totp_disable_view(request: HttpRequest) -> HttpResponse:
    """Turn 2FA off with the password and a current code."""
    form = DisableForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            totp_disable(request=request, user=request.user, **form.cleaned_data)
        except REFUSALS as error:
            status = _refused(form, error)
        else:
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("security:index")
    elif form.is_bound:
        status = 422
    return render(request, "security/disable.html", {"form": form}, status=status)


@sensitive_post_parameters("password")
@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes after the password; the old ones stop working."""
    form = PasswordConfirmForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            codes = recovery_codes_regenerate(request=request, user=request.user, **form.cleaned_data)
        except REFUSALS as error:
            status = _refused(form, error)
        else:
            return render(request, "security/recovery_codes.html", {"codes": codes, "first_time": False})
    elif form.is_bound:
        status = 422
    return render(request, "security/regenerate.html", {"form": form}, status=status)


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    sessions_logout_everywhere(request=request)
    messages.success(request, _("You were logged out on every device, this one included."))
    return redirect("web:login")


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change page (login required, CSRF, sensitive fields); the change itself,
    with its audit, is ``password_change``."""

    template_name = "security/password_change.html"
    success_url = reverse_lazy("security:index")

    def form_valid(self, form: forms.Form) -> HttpResponse:
        password_change(request=self.request, user=form.user, password=form.cleaned_data["new_password1"])
        messages.success(self.request, _("Your password was changed. Your other sessions were logged out."))
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=422)


@login_required
@require_POST
def team_policy(request: HttpRequest, team_id: int) -> HttpResponse:
    """An owner makes 2FA mandatory (or optional) for a team."""
    form = TeamPolicyForm(request.POST)
    form.is_valid()  # one optional checkbox: always valid
    policy = team_2fa_require(
        actor=request.user, team_id=team_id, required=form.cleaned_data["require_2fa"], request=request
    )
    if policy.require_2fa:
        messages.success(request, _("Two-factor authentication is now required in this team."))
    else:
        messages.success(request, _("Two-factor authentication is now optional in this team."))
    return redirect("security:index")


@login_required
@require_POST
def member_unlock(request: HttpRequest, membership_id: int) -> HttpResponse:
    """An owner lifts a member's lock-out; back to ``next`` (e.g. the members page) or this page."""
    membership = login_unlock(actor=request.user, membership_id=membership_id, request=request)
    messages.success(
        request, _("%(username)s can log in again.") % {"username": membership.user.get_username()}
    )
    return redirect(_next_url(request, default="security:index"))
