"""The JSON API (django-ninja): one ``NinjaAPI``, one error handler, routers from the apps.

OpenAPI docs at ``/api/docs``. Every ``HuntazeError`` becomes ``{"code", "message", "extra"}``
with its ``http_status``; clients branch on ``code``.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from huntaze.accounts.api import router as accounts_router
from huntaze.core.exceptions import HuntazeError
from huntaze.inbox.api import router as inbox_router
from huntaze.sync.api import router as sync_router

api = NinjaAPI(
    title="Huntaze API",
    version="1",
    description="Self-hosted CRM for OnlyFans creators. Every route is scoped to the caller's team access.",
    urls_namespace="api",
    auth=django_auth,
)


@api.exception_handler(HuntazeError)
def huntaze_error_handler(request: HttpRequest, exc: HuntazeError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.http_status)


@api.get("/health", auth=None, tags=["meta"])
def health(request: HttpRequest) -> dict[str, str]:
    """Liveness probe: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok"}


api.add_router("/accounts", accounts_router, tags=["accounts"])
api.add_router("/onlyfans", sync_router, tags=["sync"])
api.add_router("/onlyfans", inbox_router, tags=["inbox"])
