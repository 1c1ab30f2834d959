"""Chat figures on hand-built chats with known answers: PPV conversion, response times, chatters."""

from __future__ import annotations

import itertools

import pytest

from huntaze.analytics.selectors import chatter_performance, message_stats, response_times
from huntaze.analytics.services import chat_turns_refresh
from huntaze.analytics.tests.conftest import utc
from huntaze.analytics.window import Window
from huntaze.core.tests.factories import make_account, make_fan, make_member, make_team
from huntaze.inbox.models import Chat, Message, OutboundMessage

WINDOW = Window(since=utc(2026, 5, 20, 8), until=utc(2026, 5, 20, 14))
_ids = itertools.count(7_000_000_000_000)


def _chat(account):
    fan = make_fan(account)
    return Chat.objects.create(account=account, fan=fan)


def _message(chat, direction, at, **fields):
    return Message.objects.create(
        account=chat.account,
        chat=chat,
        fan=chat.fan,
        onlyfans_id=next(_ids),
        direction=direction,
        sent_at=at,
        **fields,
    )


def _outbound(user, message=None, *, chat=None, status="sent", price_cents=0, sent_at=None):
    chat = message.chat if message else chat
    outbound = OutboundMessage(
        account=chat.account,
        chat=chat,
        fan=chat.fan,
        text="hello",
        price_cents=price_cents,
        idempotency_key=f"k{next(_ids)}",
        approved_by=user,
        approved_at=sent_at or message.sent_at,
        approval_request_id="req-test",
        status=status,
        onlyfans_message_id=message.onlyfans_id if message else None,
        sent_at=sent_at or message.sent_at,
    )
    outbound.approval_digest = outbound.content_digest()
    outbound.save()
    return outbound


def test_message_stats_count_ppv_opened_and_bought(account):
    chat = _chat(account)
    at = utc(2026, 5, 20, 9)
    _message(chat, "outgoing", at)
    _message(chat, "outgoing", at)
    _message(chat, "outgoing", at, price_cents=1000, is_free=False, is_opened=True, is_purchased=True)
    _message(chat, "outgoing", at, price_cents=1500, is_free=False, is_opened=True)
    _message(chat, "outgoing", at, price_cents=2000, is_free=False)
    _message(chat, "outgoing", at, price_cents=500, is_free=False, is_purchased=True, is_deleted=True)
    _message(chat, "outgoing", utc(2026, 5, 20, 15), price_cents=900, is_purchased=True)  # after
    for _ in range(3):
        _message(chat, "incoming", at)
    _message(_chat(make_account(make_team("B"))), "outgoing", at, price_cents=700, is_purchased=True)
    stats = message_stats(account=account, window=WINDOW)
    assert (stats.sent, stats.received) == (5, 3)
    assert (stats.ppv_sent, stats.ppv_opened, stats.ppv_purchased) == (3, 2, 1)
    assert stats.ppv_revenue_cents == 1000
    assert (stats.ppv_open_rate, stats.ppv_purchase_rate) == (66.7, 33.3)
    assert stats.revenue_per_ppv_cents == 333


def test_message_stats_without_ppv_have_no_rates(account):
    stats = message_stats(account=account, window=WINDOW)
    assert stats.ppv_open_rate is None
    assert stats.revenue_per_ppv_cents is None


@pytest.fixture
def conversations(account, owner, team):
    """Four fan turns begun in the window; three answered in 600 s, 3600 s and 60 s."""
    chatter = make_member(team, "chatter", accounts=[account])
    a, b, c = _chat(account), _chat(account), _chat(account)
    _message(a, "incoming", utc(2026, 5, 20, 10))  # turn 1 starts
    _message(a, "incoming", utc(2026, 5, 20, 10, 2))
    reply_1 = _message(a, "outgoing", utc(2026, 5, 20, 10, 10))  # 600 s, by the chatter
    _message(a, "outgoing", utc(2026, 5, 20, 10, 11))
    _message(a, "incoming", utc(2026, 5, 20, 11))  # turn 2 starts
    _message(a, "outgoing", utc(2026, 5, 20, 12))  # 3600 s, typed on OnlyFans
    _message(a, "incoming", utc(2026, 5, 20, 13))  # turn 3: unanswered
    _message(b, "outgoing", utc(2026, 5, 20, 9))  # a creator's first message is no reply
    _message(b, "incoming", utc(2026, 5, 20, 9, 30))  # turn 4 starts
    _message(b, "incoming", utc(2026, 5, 20, 9, 29), is_deleted=True)  # unsent on OnlyFans: ignored
    reply_4 = _message(b, "outgoing", utc(2026, 5, 20, 9, 31))  # 60 s, by the owner
    _message(c, "incoming", utc(2026, 5, 20, 7))  # begun before the window: not counted
    _message(c, "outgoing", utc(2026, 5, 20, 8, 30))
    _outbound(chatter, reply_1)
    _outbound(owner, reply_4)
    chat_turns_refresh(account=account)
    return {"chatter": chatter, "a": a}


def test_response_times_median_and_p90_of_fan_turns(account, conversations):
    times = response_times(account=account, window=WINDOW)
    assert (times.turns, times.answered.replies, times.unanswered) == (4, 3, 1)
    # Sorted 60, 600, 3600: nearest-rank median is the 2nd, the 90th percentile the 3rd.
    assert (times.answered.median_seconds, times.answered.p90_seconds) == (600, 3600)


def test_response_times_per_chatter_cover_replies_sent_through_huntaze(account, owner, conversations):
    by_chatter = response_times(account=account, window=WINDOW).by_chatter
    assert set(by_chatter) == {conversations["chatter"].pk, owner.pk}
    assert by_chatter[conversations["chatter"].pk].median_seconds == 600
    assert by_chatter[owner.pk].replies == 1


def test_chat_turns_follow_new_messages_on_the_next_refresh(account, conversations):
    _message(conversations["a"], "outgoing", utc(2026, 5, 20, 13, 45))  # answers turn 3 in 2700 s
    assert response_times(account=account, window=WINDOW).unanswered == 1  # not refreshed yet
    chat_turns_refresh(account=account)
    times = response_times(account=account, window=WINDOW)
    assert (times.turns, times.unanswered) == (4, 0)
    assert (times.answered.median_seconds, times.answered.p90_seconds) == (600, 3600)  # 60 600 2700 3600


def test_chat_turns_of_other_accounts_stay_apart(account, conversations):
    other = make_account(make_team("B"))
    chat = _chat(other)
    _message(chat, "incoming", utc(2026, 5, 20, 10))
    _message(chat, "outgoing", utc(2026, 5, 20, 10, 1))
    chat_turns_refresh(account=other)
    chat_turns_refresh(account=account)
    assert response_times(account=account, window=WINDOW).turns == 4
    assert response_times(account=other, window=WINDOW).turns == 1


def test_chatter_performance_counts_what_each_member_sent_through_huntaze(account, owner, team):
    chatter = make_member(team, "chatter", accounts=[account])
    chat = _chat(account)
    at = utc(2026, 5, 20, 9)
    _outbound(chatter, _message(chat, "outgoing", at))
    bought = _message(chat, "outgoing", at, price_cents=1200, is_free=False, is_purchased=True)
    _outbound(chatter, bought, price_cents=1200)
    _outbound(chatter, _message(chat, "outgoing", at, price_cents=800, is_free=False), price_cents=800)
    _outbound(owner, _message(chat, "outgoing", at))
    _outbound(owner, chat=chat, status="failed", sent_at=at)  # never reached OnlyFans
    _outbound(chatter, _message(chat, "outgoing", utc(2026, 5, 19)))  # before the window
    rows = chatter_performance(account=account, window=WINDOW)
    assert [(r.user_id, r.messages_sent, r.ppv_sent, r.ppv_bought, r.revenue_cents) for r in rows] == [
        (chatter.pk, 3, 2, 1, 1200),
        (owner.pk, 1, 0, 0, 0),
    ]
    assert rows[0].ppv_purchase_rate == 50.0
    assert rows[0].username == chatter.get_username()
