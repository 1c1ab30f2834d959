"""Token routes. Session only: a script's token cannot mint or revoke tokens."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status
from ninja.security import django_auth

from huntaze.api.models import ApiToken
from huntaze.api.schemas import ApiTokenCreatedOut, ApiTokenIn, ApiTokenOut, Id
from huntaze.api.selectors import api_token_list
from huntaze.api.services import api_token_create, api_token_revoke

router = Router(auth=django_auth)


@router.post("", response={201: ApiTokenCreatedOut})
def tokens_create(request: HttpRequest, payload: ApiTokenIn) -> Status[ApiToken]:
    """Create a token for one team (owners and managers). The secret is in this answer only."""
    token, secret = api_token_create(
        user=request.user, team_id=payload.team_id, name=payload.name, expires_in_days=payload.expires_in_days
    )
    token.secret = secret  # on this instance only, for this answer
    return Status(201, token)


@router.get("", response=list[ApiTokenOut])
def tokens_list(request: HttpRequest) -> list:
    """Tokens of the teams you own or manage, revoked ones included; never their secrets."""
    return list(api_token_list(user=request.user))


@router.delete("/{token_id}", response={204: None})
def tokens_revoke(request: HttpRequest, token_id: Id) -> Status[None]:
    """Revoke a token: it stops working at once. Revoking twice is harmless."""
    api_token_revoke(user=request.user, token_id=token_id)
    return Status(204, None)
