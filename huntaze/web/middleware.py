"""Errors of the service layer shown as dashboard pages (the API maps them to JSON itself)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from huntaze.core.exceptions import HuntazeError


class HuntazeErrorPageMiddleware:
    """A ``HuntazeError`` raised by a page view renders with its status and message.

    HTMX requests get just the message fragment, so it lands where the swap would have gone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, HuntazeError) or request.path.startswith("/api/"):
            return None
        template = "web/components/error.html" if getattr(request, "htmx", False) else "web/error.html"
        return render(request, template, {"error": exception}, status=exception.http_status)
