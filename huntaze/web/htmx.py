"""The one place that decides whether a page view answers with a fragment or the full page."""

from __future__ import annotations

from django.http import HttpRequest


def htmx_partial(request: HttpRequest) -> bool:
    """True when HTMX swaps part of a page: answer with the fragment (``templates/<app>/partials/``).

    A boosted link and a history restore (back button after the cache was evicted) replace the
    whole page, so they get the full page like a request without JavaScript.
    """
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request
