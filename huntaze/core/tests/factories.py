"""Test data built through the real services (so tests exercise the same paths as the app)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from huntaze.accounts.models import Membership, OnlyFansAccount, Team
from huntaze.accounts.services import (
    account_create,
    membership_accounts_assign,
    membership_set,
    team_create,
    user_create,
)
from huntaze.api.services import api_token_create
from huntaze.content.models import Content, ContentKind
from huntaze.earnings.models import EarningKind, EarningsEntry, StatsSnapshot
from huntaze.fans.models import Fan
from huntaze.inbox.models import Chat, Message, OutboundMessage, Suggestion
from huntaze.sync.models import SyncRun, SyncState

_ids = itertools.count(1000)
BASE_TIME = datetime(2026, 5, 20, 18, 0, tzinfo=UTC)

SESSION = {
    "sess": "s3cr3t-sess-token-DO-NOT-LEAK",
    "auth_id": "412345678",
    "x_bc": "xbc-device-token-DO-NOT-LEAK",
    "user_agent": "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0",
}


def make_user(username: str | None = None, password: str = "correct-horse-battery") -> AbstractBaseUser:
    return user_create(username=username or f"user{next(_ids)}", password=password)


def make_team(name: str = "Team", owner: AbstractBaseUser | None = None) -> Team:
    return team_create(name=name, owner=owner or make_user())


def make_member(team: Team, role: str, accounts: list[OnlyFansAccount] = ()) -> AbstractBaseUser:
    user = make_user()
    membership = membership_set(team=team, user=user, role=role)
    if accounts:
        membership_accounts_assign(membership=membership, accounts=list(accounts))
    return user


def make_account(team: Team, **kwargs: Any) -> OnlyFansAccount:
    n = next(_ids)
    return account_create(
        team=team,
        onlyfans_user_id=kwargs.pop("onlyfans_user_id", 400_000_000 + n),
        username=kwargs.pop("username", f"creator{n}"),
        session=kwargs.pop("session", dict(SESSION)),
        **kwargs,
    )


def make_fan(account: OnlyFansAccount, **kwargs: Any) -> Fan:
    n = next(_ids)
    defaults = {"onlyfans_id": 90_000_000 + n, "username": f"u{n}", "display_name": f"Fan {n}"}
    return Fan.objects.create(account=account, **{**defaults, **kwargs})


def make_chat_with_messages(account: OnlyFansAccount, fan: Fan | None = None, count: int = 3) -> Chat:
    fan = fan or make_fan(account)
    chat = Chat.objects.create(account=account, fan=fan)
    for i in range(count):
        message = Message.objects.create(
            account=account,
            chat=chat,
            fan=fan,
            onlyfans_id=8_000_000_000_000 + next(_ids),
            direction="incoming" if i % 2 == 0 else "outgoing",
            text=f"message {i}",
            sent_at=BASE_TIME + timedelta(minutes=i),
        )
    chat.last_message_onlyfans_id = message.onlyfans_id
    chat.last_message_at = message.sent_at
    chat.save()
    return chat


def make_content(account: OnlyFansAccount, **kwargs: Any) -> Content:
    defaults = {"onlyfans_id": next(_ids), "kind": ContentKind.POST, "published_at": BASE_TIME}
    return Content.objects.create(account=account, **{**defaults, **kwargs})


def make_earning(account: OnlyFansAccount, **kwargs: Any) -> EarningsEntry:
    defaults = {
        "onlyfans_id": f"{next(_ids):x}",
        "kind": EarningKind.TIP,
        "gross_cents": 1000,
        "net_cents": 800,
        "occurred_at": BASE_TIME,
    }
    return EarningsEntry.objects.create(account=account, **{**defaults, **kwargs})


def make_token_secret(user: AbstractBaseUser, team: Team, name: str = "script") -> str:
    """The secret of a new API token of ``team`` created by ``user`` (an owner or manager)."""
    return api_token_create(user=user, team_id=team.pk, name=name)[1]


def make_world(team: Team) -> dict[str, Any]:
    """One account of ``team`` with a row in every account-scoped table."""
    owner = Membership.objects.filter(team=team, role="owner").first().user
    account = make_account(team)
    fan = make_fan(account, spend_total_cents=12_345)
    chat = make_chat_with_messages(account, fan)
    message = chat.messages.first()
    suggestion = Suggestion.objects.create(account=account, chat=chat, message=message, text="hi")
    outbound = OutboundMessage(
        account=account,
        chat=chat,
        fan=fan,
        text="hello",
        idempotency_key=f"k{next(_ids)}",
        approved_by=owner,
        approved_at=BASE_TIME,
        approval_request_id="req-test",
    )
    outbound.approval_digest = outbound.content_digest()
    outbound.save()
    content = Content.objects.create(account=account, onlyfans_id=next(_ids), kind=ContentKind.POST)
    entry = EarningsEntry.objects.create(
        account=account,
        onlyfans_id=f"{next(_ids):x}",
        kind=EarningKind.TIP,
        gross_cents=2000,
        net_cents=1600,
        fan=fan,
        occurred_at=BASE_TIME,
    )
    snapshot = StatsSnapshot.objects.create(account=account, date=BASE_TIME.date(), category="total")
    state = SyncState.objects.create(account=account, stream="fans")
    run = SyncRun.objects.create(account=account)
    return {
        "account": account,
        "fan": fan,
        "chat": chat,
        "message": message,
        "suggestion": suggestion,
        "outbound": outbound,
        "content": content,
        "entry": entry,
        "snapshot": snapshot,
        "state": state,
        "run": run,
    }
