"""Template context every dashboard page needs: the account switcher's choices."""

from __future__ import annotations

from django.http import HttpRequest

from huntaze.web.selection import selectable_accounts, selected_account


def dashboard(request: HttpRequest) -> dict[str, object]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    # Lazy: pages that never render the switcher (e.g. HTMX fragments) pay no query.
    return {
        "current_account": lambda: selected_account(request, shift_check=False),
        "switchable_accounts": lambda: selectable_accounts(request),
    }
