"""Response timers: filled from synced messages, SLA states against team targets, the needs-reply
queue, the team's response report and the backfill command."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from huntaze.accounts.choices import Role
from huntaze.analytics.services import chat_turns_refresh
from huntaze.analytics.window import Window
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError
from huntaze.core.tests import factories
from huntaze.inbox.models import Chat, Message
from huntaze.inbox.selectors import inbox_chat_page
from huntaze.inbox.services import message_upsert_many
from huntaze.inbox.sla import (
    ResponseTargets,
    SlaState,
    chat_timers_backfill,
    chats_sla_annotate,
    sla_state,
    team_response_report,
)
from huntaze.segments.services import spend_tiers_set

DAY = datetime(2026, 5, 20, tzinfo=UTC)


def at(hour: int, minute: int = 0) -> datetime:
    return DAY.replace(hour=hour, minute=minute)


def row(onlyfans_id: int, direction: str, sent_at: datetime) -> dict:
    """A message as the sync maps it (``sync.mapping.message_row``)."""
    return {
        "onlyfans_id": onlyfans_id,
        "direction": direction,
        "text": f"{direction} {onlyfans_id}",
        "sent_at": sent_at,
        "price_cents": 0,
        "is_free": True,
        "is_purchased": False,
        "is_opened": False,
        "is_tip": False,
        "tip_cents": 0,
        "media_count": 0,
        "media_kinds": [],
        "remote_changed_at": None,
        "raw": {},
    }


FAN, CREATOR = "incoming", "outgoing"


@pytest.fixture
def chat(account):
    fan = factories.make_fan(account)
    return Chat.objects.create(account=account, fan=fan)


def upsert(chat: Chat, rows: list[dict], window: tuple[int, int] | None = None):
    return message_upsert_many(
        account_id=chat.account_id, chat_id=chat.pk, fan_id=chat.fan_id, rows=rows, window=window
    )


def timers(chat: Chat) -> tuple[datetime | None, datetime | None]:
    chat.refresh_from_db()
    return chat.first_reply_at, chat.awaiting_reply_since


# --- Timers from synced messages ---


def test_timers_follow_a_synced_conversation_including_replies_made_on_onlyfans(chat):
    upsert(chat, [row(1, FAN, at(10)), row(2, FAN, at(10, 5))])
    assert timers(chat) == (None, at(10))
    upsert(chat, [row(3, CREATOR, at(10, 20))])
    assert timers(chat) == (at(10, 20), None)
    upsert(chat, [row(4, FAN, at(11))])
    assert timers(chat) == (at(10, 20), at(11))
    # The creator answered directly on OnlyFans; the next sync brings the reply in.
    upsert(chat, [row(5, CREATOR, at(11, 7)), row(6, FAN, at(11, 8)), row(7, FAN, at(11, 9))])
    assert timers(chat) == (at(10, 20), at(11, 8))
    upsert(chat, [row(8, CREATOR, at(11, 30))])
    assert timers(chat) == (at(10, 20), None)


def test_pages_synced_newest_first_and_repeated_pages_give_the_same_timers(chat):
    # The initial sync walks a chat newest page first; an incremental sync may repeat a page.
    upsert(chat, [row(4, FAN, at(11)), row(5, FAN, at(11, 2))])
    assert timers(chat) == (None, at(11))
    upsert(chat, [row(1, FAN, at(10)), row(2, FAN, at(10, 5)), row(3, CREATOR, at(10, 20))])
    assert timers(chat) == (at(10, 20), at(11))
    for _ in range(2):
        result = upsert(chat, [row(3, CREATOR, at(10, 20)), row(4, FAN, at(11))])
        assert result.created == 0
        assert timers(chat) == (at(10, 20), at(11))


def test_deleted_messages_count_for_nothing(chat):
    upsert(chat, [row(1, FAN, at(10)), row(2, CREATOR, at(10, 20)), row(3, FAN, at(11))])
    upsert(chat, [row(4, CREATOR, at(11, 5))])
    assert timers(chat) == (at(10, 20), None)
    # The reply was unsent on OnlyFans: the page covering it no longer has it.
    upsert(chat, [row(3, FAN, at(11))], window=(3, 4))
    assert Message.objects.get(chat=chat, onlyfans_id=4).is_deleted
    assert timers(chat) == (at(10, 20), at(11))
    # The fan unsent their message too: nothing waits any more.
    upsert(chat, [row(2, CREATOR, at(10, 20))], window=(2, 4))
    assert timers(chat) == (at(10, 20), None)
    # The first reply itself unsent: the creator never answered, the first fan message waits.
    upsert(chat, [row(1, FAN, at(10))], window=(1, 4))
    assert timers(chat) == (None, at(10))


def test_a_chat_opened_by_the_creator_then_answered_by_the_fan_waits_for_a_next_response(chat):
    upsert(chat, [row(1, CREATOR, at(9)), row(2, FAN, at(9, 30))])
    assert timers(chat) == (at(9), at(9, 30))
    targets = ResponseTargets(first_minutes=15, next_minutes=10)
    state = sla_state(awaiting_reply_since=at(9, 30), first_reply_at=at(9), targets=targets, now=at(9, 40))
    assert state == SlaState.BREACHED  # 10 minutes: the next-response target, not the first's 15


# --- SLA states ---

TARGETS = ResponseTargets(first_minutes=15, next_minutes=10)
NOW = datetime(2026, 5, 21, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("waited_minutes", "replied_before", "expected"),
    [
        (10, False, SlaState.OK),  # first response: at risk from 11.25 minutes
        (11.25, False, SlaState.AT_RISK),
        (14.9, False, SlaState.AT_RISK),
        (15, False, SlaState.BREACHED),
        (7, True, SlaState.OK),  # next response: at risk from 7.5 minutes
        (7.5, True, SlaState.AT_RISK),
        (10, True, SlaState.BREACHED),
        (600, True, SlaState.BREACHED),
    ],
)
def test_sla_state_thresholds_in_sql_and_python_agree(
    account, team, chat, waited_minutes, replied_before, expected
):
    team.first_response_target_minutes, team.next_response_target_minutes = 15, 10
    team.save()
    waiting = NOW - timedelta(minutes=waited_minutes)
    first_reply = waiting - timedelta(hours=1) if replied_before else None
    Chat.objects.filter(pk=chat.pk).update(awaiting_reply_since=waiting, first_reply_at=first_reply)
    annotated = chats_sla_annotate(
        Chat.objects.filter(pk=chat.pk), targets_by_account={account.pk: TARGETS}, now=NOW
    ).get()
    assert annotated.sla_state == expected
    assert (
        sla_state(awaiting_reply_since=waiting, first_reply_at=first_reply, targets=TARGETS, now=NOW)
        == expected
    )


def test_a_chat_with_nothing_waiting_has_no_state(account, chat):
    annotated = chats_sla_annotate(
        Chat.objects.filter(pk=chat.pk), targets_by_account={account.pk: TARGETS}, now=NOW
    ).get()
    assert annotated.sla_state is None


def test_each_account_is_judged_by_its_own_teams_targets(account):
    other = factories.make_account(factories.make_team("Slow team"))
    waiting = NOW - timedelta(minutes=20)
    chats = []
    for acc in (account, other):
        chat = Chat.objects.create(account=acc, fan=factories.make_fan(acc), awaiting_reply_since=waiting)
        chats.append(chat.pk)
    targets = {account.pk: TARGETS, other.pk: ResponseTargets(first_minutes=60, next_minutes=30)}
    states = dict(
        chats_sla_annotate(
            Chat.objects.filter(pk__in=chats), targets_by_account=targets, now=NOW
        ).values_list("account_id", "sla_state")
    )
    assert states == {account.pk: SlaState.BREACHED, other.pk: SlaState.OK}


# --- The needs-reply queue ---


def waiting_chat(account, *, spent_cents: int, minutes: float, replied_before: bool = False) -> Chat:
    fan = factories.make_fan(account, spend_total_cents=spent_cents, display_name=f"spent {spent_cents}")
    since = timezone.now() - timedelta(minutes=minutes)
    return Chat.objects.create(
        account=account,
        fan=fan,
        awaiting_reply_since=since,
        first_reply_at=since - timedelta(days=1) if replied_before else None,
        last_message_at=since,
    )


def test_needs_reply_answers_whales_first_within_the_same_urgency(owner, account):
    # Default tiers: bronze from $1, silver $50, gold $200, platinum $1,000; targets 15/10 min.
    small_long = waiting_chat(account, spent_cents=200, minutes=60)  # bronze, overdue for an hour
    small_longer = waiting_chat(account, spent_cents=300, minutes=90)  # bronze, overdue longer
    whale = waiting_chat(account, spent_cents=150_000, minutes=20)  # platinum, just overdue
    at_risk = waiting_chat(account, spent_cents=0, minutes=12)
    whale_fresh = waiting_chat(account, spent_cents=200_000, minutes=2)
    nobody_fresh = waiting_chat(account, spent_cents=0, minutes=5)
    gold_next = waiting_chat(account, spent_cents=25_000, minutes=3, replied_before=True)
    answered = factories.make_chat_with_messages(account)
    page = inbox_chat_page(user=owner, account_id=account.pk, sort="needs_reply")
    assert [chat.pk for chat in page.items] == [
        whale.pk,
        small_longer.pk,
        small_long.pk,
        at_risk.pk,
        whale_fresh.pk,
        gold_next.pk,
        nobody_fresh.pk,
    ]
    assert answered.pk not in {chat.pk for chat in page.items}
    assert [chat.sla_state for chat in page.items[:4]] == ["breached", "breached", "breached", "at_risk"]


def test_needs_reply_uses_the_accounts_own_spend_tiers(owner, account):
    long_wait = waiting_chat(account, spent_cents=40_000, minutes=50)
    big = waiting_chat(account, spent_cents=60_000, minutes=30)
    # Default tiers: both gold, the longer wait first. With platinum from $500, the bigger one leads.
    assert [c.pk for c in inbox_chat_page(user=owner, account_id=account.pk, sort="needs_reply").items] == [
        long_wait.pk,
        big.pk,
    ]
    minimums = {"bronze": 100, "silver": 1_000, "gold": 10_000, "platinum": 50_000}
    spend_tiers_set(user=owner, account_id=account.pk, minimums=minimums)
    assert [c.pk for c in inbox_chat_page(user=owner, account_id=account.pk, sort="needs_reply").items] == [
        big.pk,
        long_wait.pk,
    ]


def test_needs_reply_pages_by_offset_without_repeats(owner, account):
    chats = {waiting_chat(account, spent_cents=i * 1_000, minutes=30 + i).pk for i in range(7)}
    seen, cursor = [], None
    while True:
        page = inbox_chat_page(user=owner, account_id=account.pk, sort="needs_reply", cursor=cursor, limit=3)
        seen += [chat.pk for chat in page.items]
        if not (cursor := page.next_cursor):
            break
    assert len(seen) == len(chats)
    assert set(seen) == chats


# --- The team's response report ---


def test_team_response_report_medians_and_breaches(owner, team, account, chat):
    upsert(
        chat,
        [
            row(1, FAN, at(10)),
            row(2, FAN, at(10, 5)),
            row(3, CREATOR, at(10, 20)),  # first response: 20 minutes, over the 15-minute target
            row(4, FAN, at(11)),
            row(5, CREATOR, at(11, 7)),  # next response: 7 minutes, within 10
            row(6, FAN, at(12)),  # unanswered, 30 minutes at the report's "now": overdue
        ],
    )
    opened_by_creator = Chat.objects.create(account=account, fan=factories.make_fan(account))
    upsert(opened_by_creator, [row(11, CREATOR, at(9)), row(12, FAN, at(9, 30)), row(13, CREATOR, at(9, 35))])
    chat_turns_refresh(account=account)
    window = Window(since=DAY, until=DAY + timedelta(days=1))
    report = team_response_report(user=owner, team_id=team.pk, window=window, now=at(12, 30))
    assert (report.first_turns, report.first.replies, report.first.median_seconds) == (1, 1, 1200)
    assert report.first_breached == 1
    # Next responses: 7 and 5 minutes (nearest-rank median: 5), plus the turn still waiting.
    assert (report.next_turns, report.next.replies, report.next.median_seconds) == (3, 2, 300)
    assert report.next_breached == 1
    early = team_response_report(user=owner, team_id=team.pk, window=window, now=at(12, 5))
    assert early.next_breached == 0


def test_team_response_report_is_for_the_teams_owners_and_managers(team, account):
    window = Window(since=DAY, until=DAY + timedelta(days=1))
    chatter = factories.make_member(team, Role.CHATTER, accounts=[account])
    with pytest.raises(PermissionDeniedError):
        team_response_report(user=chatter, team_id=team.pk, window=window)
    manager = factories.make_member(team, Role.MANAGER)
    assert team_response_report(user=manager, team_id=team.pk, window=window).first_turns == 0
    stranger = factories.make_team("Other").memberships.get().user
    with pytest.raises(NotFoundError):
        team_response_report(user=stranger, team_id=team.pk, window=window)


# --- Backfill ---


def test_backfill_fills_stale_timers_and_a_second_run_changes_nothing(account):
    chats = [factories.make_chat_with_messages(account, count=n) for n in (1, 2, 3)]
    other = factories.make_chat_with_messages(factories.make_account(factories.make_team("B")), count=1)
    # Rows written around the service (as before the timers existed) have no timers.
    assert not Chat.objects.filter(awaiting_reply_since__isnull=False).exists()
    assert chat_timers_backfill(account_id=account.pk, dry_run=True).changed == 3
    assert not Chat.objects.filter(awaiting_reply_since__isnull=False).exists()
    out = StringIO()
    call_command("chat_timers_backfill", "--batch-size", "2", stdout=out)
    assert out.getvalue().strip() == "chats read: 4, changed: 4"
    expected = {
        # make_chat_with_messages alternates fan, creator, fan… one minute apart from BASE_TIME.
        chats[0].pk: (None, factories.BASE_TIME),
        chats[1].pk: (factories.BASE_TIME + timedelta(minutes=1), None),
        chats[2].pk: (factories.BASE_TIME + timedelta(minutes=1), factories.BASE_TIME + timedelta(minutes=2)),
        other.pk: (None, factories.BASE_TIME),
    }
    assert {chat.pk: timers(chat) for chat in [*chats, other]} == expected
    out = StringIO()
    call_command("chat_timers_backfill", stdout=out)
    assert out.getvalue().strip() == "chats read: 4, changed: 0"


def test_backfill_command_refuses_a_bad_batch_size(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("chat_timers_backfill", "--batch-size", "0")
