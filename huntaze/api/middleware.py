"""The API's body size limit, in one place, before any view reads the body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from huntaze.api.exceptions import PayloadTooLargeError

API_NAMESPACE = "api"


class ApiBodyLimitMiddleware:
    """Refuse API requests whose body exceeds ``HUNTAZE_API_MAX_BODY_BYTES`` with 413.

    Django reads no more than ``Content-Length`` bytes of a WSGI body, so the header is the
    size that matters. Dashboard forms (file imports) are not API routes and keep Django's limit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        if request.resolver_match is None or API_NAMESPACE not in request.resolver_match.namespaces:
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.HUNTAZE_API_MAX_BODY_BYTES
        if length <= limit:
            return None
        error = PayloadTooLargeError(extra={"max_bytes": limit})
        return JsonResponse(error.as_dict(), status=error.http_status)
