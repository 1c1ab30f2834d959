"""Bearer-token authentication for scripts (the dashboard uses the session, with CSRF).

A token request runs as the token's creator, limited to the token's team
(``accounts.access.user_limit_to_team``), and carries ``request.auth_token``: the approval gate
(``inbox.sending.outbound_approve``) refuses any request that has one, so a script can read
and organise but never approve or send a message.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import timedelta

from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from huntaze.accounts.access import user_limit_to_team
from huntaze.api.exceptions import AuthenticationRequiredError
from huntaze.api.models import ApiToken

PREFIX_LENGTH = 8
SECRET_PATTERN = re.compile(r"^hz_[A-Za-z0-9_-]{40,60}$")
# ``last_used_at`` is for people ("used yesterday"), so one write a minute per token is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <secret>``. A bearer header that does not match a live token
    (unknown, revoked, expired, or its creator left the team) is a 401, never a fallback to the
    session."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        secret = token.strip()
        if not SECRET_PATTERN.match(secret):
            raise AuthenticationRequiredError()
        digest = token_hash(secret)
        # The creator must still be active and a member of the token's team (one query).
        now = timezone.now()
        candidates = ApiToken.objects.select_related("created_by").filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            prefix=secret[:PREFIX_LENGTH],
            revoked_at__isnull=True,
            created_by__is_active=True,
            created_by__memberships__team=F("team"),
        )
        match = next((row for row in candidates if hmac.compare_digest(row.token_hash, digest)), None)
        if match is None:
            raise AuthenticationRequiredError()
        if match.last_used_at is None or now - match.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=match.pk).update(last_used_at=now)
        user = match.created_by
        user_limit_to_team(user, team_id=match.team_id)
        request.user = user
        request.auth_token = match
        return match
