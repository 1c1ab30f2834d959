"""Account routes: list and read connected accounts, connect and disconnect them."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.schemas import AccountConnectIn, AccountDisconnectIn, AccountDisconnectOut, AccountOut
from huntaze.accounts.selectors import account_get, account_list, team_get
from huntaze.accounts.services import account_connect, account_disconnect

router = Router()
# Mounted under /onlyfans, as the product plan names them.
connect_router = Router()


@router.get("", response=list[AccountOut])
def accounts_list(request: HttpRequest) -> list:
    return list(account_list(user=request.user))


@router.get("/{int:account_id}", response=AccountOut)
def accounts_detail(request: HttpRequest, account_id: int) -> OnlyFansAccount:
    return account_get(user=request.user, account_id=account_id)


@connect_router.post("/auth/connect", response=AccountOut)
def accounts_connect(request: HttpRequest, payload: AccountConnectIn) -> OnlyFansAccount:
    """Check pasted session material with OnlyFans, then store it encrypted (owners and managers).
    Reconnecting an account of the team refreshes its session and makes it active again."""
    return account_connect(
        team=team_get(user=request.user, team_id=payload.team_id),
        session=payload.session.dict(),
        actor=request.user,
        request=request,
    )


@connect_router.post("/auth/disconnect", response=AccountDisconnectOut)
def accounts_disconnect(request: HttpRequest, payload: AccountDisconnectIn) -> dict:
    """Stop syncing and wipe the session material; ``delete_data`` also deletes the synced data."""
    account = account_disconnect(
        user=request.user, account_id=payload.account_id, delete_data=payload.delete_data
    )
    return {"account_id": payload.account_id, "status": account.status, "data_deleted": payload.delete_data}
