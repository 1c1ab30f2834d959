from django.http import HttpRequest
from ninja import Router

from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.schemas import AccountOut
from huntaze.accounts.selectors import account_get, account_list

router = Router()


@router.get("", response=list[AccountOut])
def accounts_list(request: HttpRequest) -> list:
    return list(account_list(user=request.user))


@router.get("/{int:account_id}", response=AccountOut)
def accounts_detail(request: HttpRequest, account_id: int) -> OnlyFansAccount:
    return account_get(user=request.user, account_id=account_id)
