"""Session security on every request: stale sessions end, mandatory 2FA is enforced.

Placed after ``AuthenticationMiddleware`` and ``MessageMiddleware``. Requests that carry an API
token are left alone: the token, not the session, authenticates them (``api.auth.TokenAuth``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from huntaze.security.exceptions import TwoFactorRequiredError
from huntaze.security.selectors import two_factor_missing
from huntaze.security.services import session_check

# What a member who must enrol in 2FA may still reach: the set-up itself, logging out, the language.
ENROLMENT_ALLOWED = {"security:totp_enrol", "security:totp_start", "web:logout", "set_language"}


def _bearer_api_request(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") and request.headers.get("Authorization", "").startswith("Bearer ")


def _view_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class SessionSecurityMiddleware:
    """Ends stale sessions (idle, logged out everywhere) and holds members who must enrol in 2FA
    on the set-up page (403 JSON for the session API). The Django admin's own login form is sent
    to ours, so it cannot skip 2FA or the throttle."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _bearer_api_request(request):
            return self.get_response(request)
        if reason := session_check(request):
            messages.warning(request, reason)
        view_name = _view_name(request)
        if view_name == "admin:login":
            return self._admin_login(request)
        if (
            view_name not in ENROLMENT_ALLOWED
            and request.user.is_authenticated
            and two_factor_missing(request.user)
        ):
            return self._enrolment_required(request)
        return self.get_response(request)

    def _admin_login(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect("web:hub")
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('web:login')}?{urlencode({'next': target})}")

    def _enrolment_required(self, request: HttpRequest) -> HttpResponse:
        error = TwoFactorRequiredError(extra={"enrol_url": reverse("security:totp_enrol")})
        if request.path.startswith("/api/"):
            return JsonResponse(error.as_dict(), status=error.http_status)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=error.http_status)
            response["HX-Redirect"] = error.extra["enrol_url"]
            return response
        return redirect(error.extra["enrol_url"])
