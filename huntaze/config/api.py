"""The JSON API (django-ninja): one ``NinjaAPI``, one error shape, routers from the apps.

OpenAPI docs at ``/api/docs``. Every ``HuntazeError`` becomes ``{"code", "message", "extra"}``
with its ``http_status``; django-ninja's own errors (failed auth, invalid input, throttling,
CSRF) are turned into ``HuntazeError`` first, so clients branch on ``code`` everywhere. The
rate limit's 429 also carries ``Retry-After`` (set by django-ninja from the throttle).

Auth: a bearer API token (scripts, limited to the token's team) or the dashboard session
(CSRF-checked on writes). The token is tried first: the session check refuses a write without
a CSRF token outright, which would shut scripts out.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from huntaze.accounts.api import connect_router
from huntaze.accounts.api import router as accounts_router
from huntaze.api.api import router as tokens_router
from huntaze.api.auth import TokenAuth
from huntaze.api.exceptions import api_error_from_http
from huntaze.api.throttling import ApiRateThrottle
from huntaze.attribution.api import router as attribution_router
from huntaze.campaigns.api import router as campaigns_router
from huntaze.content.api import router as content_router
from huntaze.core.exceptions import HuntazeError, ValidationError
from huntaze.earnings.api import router as earnings_router
from huntaze.events.api import router as events_router
from huntaze.exports.api import router as exports_router
from huntaze.fans.api import router as fans_router
from huntaze.inbox.api import router as inbox_router
from huntaze.notes.api import router as notes_router
from huntaze.replies.api import router as replies_router
from huntaze.segments.api import router as segments_router
from huntaze.shifts.api import router as shifts_router
from huntaze.sync.api import router as sync_router
from huntaze.webhooks.api import router as webhooks_router

api = NinjaAPI(
    title="Huntaze API",
    version="1",
    description="Self-hosted CRM for OnlyFans creators. Every route is scoped to the caller's team access.",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    throttle=[ApiRateThrottle()],
)


@api.exception_handler(HuntazeError)
def huntaze_error_handler(request: HttpRequest, exc: HuntazeError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.http_status)


@api.exception_handler(HttpError)
def ninja_http_error_handler(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return huntaze_error_handler(request, api_error_from_http(exc))


@api.exception_handler(NinjaValidationError)
def ninja_validation_error_handler(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return huntaze_error_handler(request, ValidationError(extra={"errors": exc.errors}))


@api.get("/health", auth=None, tags=["meta"])
def health(request: HttpRequest) -> dict[str, str]:
    """Liveness probe: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok"}


api.add_router("/accounts", accounts_router, tags=["accounts"])
api.add_router("/tokens", tokens_router, tags=["tokens"])
api.add_router("/webhooks", webhooks_router, tags=["webhooks"])
api.add_router("/onlyfans", connect_router, tags=["accounts"])
api.add_router("/onlyfans", sync_router, tags=["sync"])
api.add_router("/onlyfans", inbox_router, tags=["inbox"])
api.add_router("/onlyfans", fans_router, tags=["fans"])
api.add_router("/onlyfans", content_router, tags=["content"])
api.add_router("/onlyfans", earnings_router, tags=["earnings"])
api.add_router("/onlyfans", exports_router, tags=["exports"])
api.add_router("/onlyfans", segments_router, tags=["segments"])
api.add_router("/onlyfans", campaigns_router, tags=["campaigns"])
api.add_router("/onlyfans", shifts_router, tags=["shifts"])
api.add_router("/onlyfans", events_router, tags=["events"])
api.add_router("/onlyfans", attribution_router, tags=["attribution"])
api.add_router("/onlyfans", replies_router, tags=["replies"])
api.add_router("/onlyfans", notes_router, tags=["notes"])
