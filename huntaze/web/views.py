"""Dashboard pages: thin views over selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from huntaze.accounts.selectors import account_list


@login_required
def hub(request: HttpRequest) -> HttpResponse:
    """The OnlyFans hub: every account the user may see, with its connection state."""
    return render(request, "web/hub.html", {"accounts": account_list(user=request.user)})
