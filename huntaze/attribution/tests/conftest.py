"""A known story of one fan and two chatters, built the way syncs and sends leave it.

Times are relative to ``T`` (two days ago, so the story is inside every period of the page):

* T-2h   chatter A clocks in
* T-60m  A sends fan F a $15 PPV through Huntaze (OnlyFans message 501, bought later)
* T-30m  chatter B clocks in, and at T-20m sends F a free message
* T      F pays $15 for the PPV (sale "ppv")
* T+30m  B clocks out; at T+1h F tips $5 (sale "tip")
* T+2h   fan G buys a $25 PPV that was sent directly on OnlyFans at T+90m (sale "direct");
         A clocks out at T+3h, so A alone is on shift then
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from huntaze.accounts.models import OnlyFansAccount
from huntaze.core.tests.factories import make_account, make_earning, make_fan, make_member
from huntaze.earnings.models import EarningKind, EarningsEntry
from huntaze.fans.models import Fan
from huntaze.inbox.choices import Direction, OutboundStatus
from huntaze.inbox.models import Chat, Message, OutboundMessage
from huntaze.shifts.choices import ClockKind
from huntaze.shifts.models import ClockEvent

_ids = itertools.count(500)


def chat_of(fan: Fan) -> Chat:
    return Chat.objects.get_or_create(account_id=fan.account_id, fan=fan)[0]


def synced(
    fan: Fan, *, at: datetime, price_cents: int = 0, bought: bool = False, onlyfans_id: int | None = None
) -> Message:
    """An outgoing message as a sync stores it."""
    return Message.objects.create(
        account_id=fan.account_id,
        chat=chat_of(fan),
        fan=fan,
        onlyfans_id=onlyfans_id or next(_ids),
        direction=Direction.OUTGOING,
        text="hi",
        sent_at=at,
        price_cents=price_cents,
        is_free=price_cents == 0,
        is_purchased=bought,
    )


def sent(
    user: AbstractBaseUser, fan: Fan, *, at: datetime, price_cents: int = 0, bought: bool = False
) -> OutboundMessage:
    """A message ``user`` approved and Huntaze sent, and its synced copy."""
    message = synced(fan, at=at, price_cents=price_cents, bought=bought)
    outbound = OutboundMessage(
        account_id=fan.account_id,
        chat=chat_of(fan),
        fan=fan,
        text="hi",
        price_cents=price_cents,
        idempotency_key=f"k{next(_ids)}",
        approved_by=user,
        approved_at=at,
        approval_request_id="req-test",
        status=OutboundStatus.SENT,
        sent_at=at,
        onlyfans_message_id=message.onlyfans_id,
    )
    outbound.approval_digest = outbound.content_digest()
    outbound.save()
    return outbound


def clock(user: AbstractBaseUser, account: OnlyFansAccount, kind: str, at: datetime) -> ClockEvent:
    return ClockEvent.objects.create(account=account, user=user, kind=kind, at=at)


def sale(account: OnlyFansAccount, fan: Fan | None, *, kind: str, cents: int, at: datetime) -> EarningsEntry:
    return make_earning(
        account, kind=kind, gross_cents=cents, net_cents=cents * 8 // 10, fan=fan, occurred_at=at
    )


@dataclass
class Story:
    account: OnlyFansAccount
    owner: AbstractBaseUser
    a: AbstractBaseUser
    b: AbstractBaseUser
    fan: Fan
    other_fan: Fan
    t: datetime
    ppv: EarningsEntry
    tip: EarningsEntry
    direct: EarningsEntry
    ppv_message: Message


@pytest.fixture
def story(team, owner) -> Story:
    account = make_account(team, username="luna_creates")
    a = make_member(team, "chatter", [account])
    b = make_member(team, "chatter", [account])
    fan, other = make_fan(account, display_name="Fan F"), make_fan(account, display_name="Fan G")
    t = (timezone.now() - timedelta(days=2)).replace(microsecond=0)
    clock(a, account, ClockKind.IN, t - timedelta(hours=2))
    offer = sent(a, fan, at=t - timedelta(minutes=60), price_cents=1500, bought=True)
    clock(b, account, ClockKind.IN, t - timedelta(minutes=30))
    sent(b, fan, at=t - timedelta(minutes=20))
    ppv = sale(account, fan, kind=EarningKind.MESSAGE, cents=1500, at=t)
    clock(b, account, ClockKind.OUT, t + timedelta(minutes=30))
    tip = sale(account, fan, kind=EarningKind.TIP, cents=500, at=t + timedelta(hours=1))
    synced(other, at=t + timedelta(minutes=90), price_cents=2500, bought=True)
    direct = sale(account, other, kind=EarningKind.MESSAGE, cents=2500, at=t + timedelta(hours=2))
    clock(a, account, ClockKind.OUT, t + timedelta(hours=3))
    sale(account, fan, kind=EarningKind.SUBSCRIPTION, cents=999, at=t)  # never attributed
    return Story(
        account=account,
        owner=owner,
        a=a,
        b=b,
        fan=fan,
        other_fan=other,
        t=t,
        ppv=ppv,
        tip=tip,
        direct=direct,
        ppv_message=Message.objects.get(account=account, onlyfans_id=offer.onlyfans_message_id),
    )
