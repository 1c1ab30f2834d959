"""Chat assignment: the team's automatic modes, the history, the inbox switch, the assign panel."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from huntaze.accounts.choices import AssignmentMode, Role
from huntaze.accounts.models import Membership
from huntaze.accounts.services import membership_set, user_create
from huntaze.audit.models import AuditEvent
from huntaze.core.exceptions import PermissionDeniedError
from huntaze.core.tests.factories import make_account, make_chat_with_messages, make_member, make_team
from huntaze.inbox.assignment import chats_auto_assign
from huntaze.inbox.models import Chat, ChatAssignment
from huntaze.inbox.services import chat_assign
from huntaze.shifts.services import shift_add

WAITING_SINCE = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def frozen_now():
    """``frozen_now(moment)``: what ``timezone.now()`` returns from then on."""
    with mock.patch("django.utils.timezone.now", side_effect=timezone.now) as now:

        def freeze(moment: datetime) -> None:
            now.side_effect, now.return_value = None, moment

        yield freeze


@pytest.fixture
def chatters(team, account):
    return [make_member(team, Role.CHATTER, accounts=[account]) for _ in range(3)]


def waiting_chats(account, count, *, start=0):
    """``count`` chats waiting for a reply, the first one waiting longest."""
    chats = []
    for i in range(count):
        chat = make_chat_with_messages(account, count=1)
        Chat.objects.filter(pk=chat.pk).update(
            awaiting_reply_since=WAITING_SINCE + timedelta(minutes=start + i)
        )
        chats.append(chat)
    return chats


def assignees(chats):
    by_pk = dict(Chat.objects.filter(pk__in=[c.pk for c in chats]).values_list("pk", "assigned_to_id"))
    return [by_pk[chat.pk] for chat in chats]


def mode(team, value, **fields):
    for name, field_value in {"assignment_mode": value, **fields}.items():
        setattr(team, name, field_value)
    team.save()


def test_manual_mode_never_assigns(team, account, chatters):
    chats = waiting_chats(account, 3)
    assert chats_auto_assign(account_id=account.pk) == 0
    assert assignees(chats) == [None, None, None]


def test_round_robin_deals_in_turn_oldest_wait_first_and_continues_next_time(team, account, chatters):
    mode(team, AssignmentMode.ROUND_ROBIN)
    a, b, c = sorted(user.pk for user in chatters)
    chats = waiting_chats(account, 4)
    chats.reverse()  # created newest-waiting first: the order of the wait decides, not the id
    for chat, minutes in zip(chats, range(4), strict=True):
        Chat.objects.filter(pk=chat.pk).update(
            awaiting_reply_since=WAITING_SINCE + timedelta(minutes=minutes)
        )
    assert chats_auto_assign(account_id=account.pk) == 4
    assert assignees(chats) == [a, b, c, a]
    later = waiting_chats(account, 2, start=10)
    assert chats_auto_assign(account_id=account.pk) == 2
    assert assignees(later) == [b, c]
    history = ChatAssignment.objects.filter(chat=chats[0]).get()
    assert (history.assigned_to_id, history.assigned_by_id, history.mode) == (a, None, "round_robin")
    assert not AuditEvent.objects.filter(action="chat.assign").exists()  # the history is the record


def test_only_chats_waiting_and_unassigned_are_assigned(team, owner, account, chatters):
    mode(team, AssignmentMode.ROUND_ROBIN)
    answered = make_chat_with_messages(account, count=1)
    taken = waiting_chats(account, 1)[0]
    Chat.objects.filter(pk=taken.pk).update(assigned_to=owner)
    assert chats_auto_assign(account_id=account.pk) == 0
    assert assignees([answered, taken]) == [None, owner.pk]


def test_capacity_picks_the_least_loaded_and_never_exceeds_the_maximum(team, account, chatters):
    mode(team, AssignmentMode.CAPACITY, max_open_chats=2)
    a, b, c = sorted(user.pk for user in chatters)
    busy = waiting_chats(account, 2)
    Chat.objects.filter(pk=busy[0].pk).update(assigned_to_id=a)
    Chat.objects.filter(pk=busy[1].pk).update(assigned_to_id=b)
    answered = make_chat_with_messages(account, count=1)  # assigned but not waiting: not open
    Chat.objects.filter(pk=answered.pk).update(assigned_to_id=c)
    chats = waiting_chats(account, 5, start=10)
    assert chats_auto_assign(account_id=account.pk) == 4
    # loads a=1 b=1 c=0 -> c, then a, b, c (each at 2) and the fifth waits
    assert assignees(chats) == [c, a, b, c, None]
    loads = Chat.objects.filter(account=account, awaiting_reply_since__isnull=False).values_list(
        "assigned_to_id", flat=True
    )
    assert sorted(filter(None, loads)) == [a, a, b, b, c, c]


def test_an_off_shift_chatter_is_not_eligible(frozen_now, team, owner, account, chatters):
    mode(team, AssignmentMode.ROUND_ROBIN)
    a, b, c = sorted(chatters, key=lambda user: user.pk)
    frozen_now(datetime(2026, 5, 20, 12, 0, tzinfo=UTC))  # a Wednesday, noon UTC
    membership = Membership.objects.get(user=b, team=team)
    shift_add(
        actor=owner,
        membership_id=membership.pk,
        account_id=account.pk,
        weekday=0,
        start_time=time(9),
        end_time=time(17),
    )
    chats = waiting_chats(account, 3)
    chats_auto_assign(account_id=account.pk)
    assert assignees(chats) == [a.pk, c.pk, a.pk]


def test_nobody_eligible_assigns_nothing(team, account):
    mode(team, AssignmentMode.CAPACITY)
    chats = waiting_chats(account, 2)
    assert chats_auto_assign(account_id=account.pk) == 0
    assert assignees(chats) == [None, None]


def test_a_manual_assignment_is_audited_and_kept_in_the_history(team, owner, account, chatters):
    chat = waiting_chats(account, 1)[0]
    chat_assign(user=owner, chat_id=chat.pk, assignee_id=chatters[0].pk)
    chat_assign(user=owner, chat_id=chat.pk, assignee_id=None)
    rows = list(
        ChatAssignment.objects.filter(chat=chat).values_list("assigned_to_id", "assigned_by_id", "mode")
    )
    assert rows == [(None, owner.pk, "manual"), (chatters[0].pk, owner.pk, "manual")]  # newest first
    assert AuditEvent.objects.filter(action="chat.assign", target_id=str(chat.pk)).count() == 2


def test_an_owner_can_assign_a_chatter_outside_their_shift(frozen_now, team, owner, account, chatters):
    frozen_now(datetime(2026, 5, 20, 12, 0, tzinfo=UTC))
    membership = Membership.objects.get(user=chatters[0], team=team)
    shift_add(
        actor=owner,
        membership_id=membership.pk,
        account_id=account.pk,
        weekday=0,
        start_time=time(9),
        end_time=time(17),
    )
    chat = waiting_chats(account, 1)[0]
    assert (
        chat_assign(user=owner, chat_id=chat.pk, assignee_id=chatters[0].pk).assigned_to_id == chatters[0].pk
    )


def test_a_chatter_cannot_assign_someone_else(account, chatters):
    chat = waiting_chats(account, 1)[0]
    with pytest.raises(PermissionDeniedError):
        chat_assign(user=chatters[0], chat_id=chat.pk, assignee_id=chatters[1].pk)
    assert not ChatAssignment.objects.exists()


def test_the_inbox_switch_shows_mine_unassigned_or_all(client, owner, account, chatters):
    mine, other, free = (make_chat_with_messages(account, count=1) for _ in range(3))
    Chat.objects.filter(pk=mine.pk).update(assigned_to=chatters[0])
    Chat.objects.filter(pk=other.pk).update(assigned_to=chatters[1])
    client.force_login(chatters[0])

    def shown(**params):
        page = client.get(reverse("inbox:index"), params).context["page"]
        return {chat.pk for chat in page.items}

    def api(**params):
        return {row["id"] for row in client.get("/api/onlyfans/chats", params).json()["items"]}

    assert shown() == shown(assignee="all") == {mine.pk, other.pk, free.pk}
    assert shown(assignee="mine") == api(assignee="mine") == {mine.pk}
    assert shown(assignee="unassigned") == api(assignee="unassigned") == {free.pk}
    assert client.get(reverse("inbox:index"), {"assignee": "everyone"}).status_code == 422
    assert client.get("/api/onlyfans/chats", {"assignee": "everyone"}).status_code == 422


def test_the_panel_lets_an_owner_pick_anyone_and_shows_the_history(client, owner, account, chatters):
    chat = waiting_chats(account, 1)[0]
    client.force_login(owner)
    url = reverse("inbox:assign", args=[chat.pk])
    response = client.post(url, {"assignee": chatters[1].pk}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Assigned to {chatters[1].username}" in html
    assert all(f'value="{user.pk}"' in html for user in chatters)
    assert f"to {chatters[1].username}" in html
    assert f"by {owner.username}" in html
    assert client.post(url, {"assignee": "x"}, headers=HTMX).status_code == 422
    assert Chat.objects.get(pk=chat.pk).assigned_to_id == chatters[1].pk  # nothing lost


def test_a_chatter_takes_and_gives_back_a_chat(client, account, chatters):
    chat = waiting_chats(account, 1)[0]
    client.force_login(chatters[0])
    panel = client.get(reverse("inbox:assignment", args=[chat.pk]), headers=HTMX).content.decode()
    assert "Take this chat" in panel
    assert "<select" not in panel
    client.post(reverse("inbox:assign", args=[chat.pk]), {"assignee": chatters[0].pk}, headers=HTMX)
    assert Chat.objects.get(pk=chat.pk).assigned_to_id == chatters[0].pk
    response = client.post(reverse("inbox:assign", args=[chat.pk]), {"assignee": ""}, headers=HTMX)
    assert "Take this chat" in response.content.decode()
    assert Chat.objects.get(pk=chat.pk).assigned_to_id is None
    refused = client.post(reverse("inbox:assign", args=[chat.pk]), {"assignee": chatters[1].pk})
    assert refused.status_code == 403


def test_the_panel_and_history_are_not_found_across_tenants(client, account):
    outsider = make_member(make_team("Team B"), Role.OWNER, accounts=[])
    chat = make_chat_with_messages(account, count=1)
    client.force_login(outsider)
    assert client.get(reverse("inbox:assignment", args=[chat.pk])).status_code == 404
    assert client.post(reverse("inbox:assign", args=[chat.pk]), {"assignee": outsider.pk}).status_code == 404
    assert client.get(f"/api/onlyfans/chats/{chat.pk}/assignments").status_code == 404


def test_the_history_api_lists_changes_newest_first(client, owner, account, chatters):
    chat = make_chat_with_messages(account, count=1)
    chat_assign(user=owner, chat_id=chat.pk, assignee_id=chatters[0].pk)
    chat_assign(user=owner, chat_id=chat.pk, assignee_id=chatters[1].pk)
    client.force_login(chatters[0])
    rows = client.get(f"/api/onlyfans/chats/{chat.pk}/assignments").json()
    assert [(row["assigned_to_id"], row["assigned_by_id"], row["mode"]) for row in rows] == [
        (chatters[1].pk, owner.pk, "manual"),
        (chatters[0].pk, owner.pk, "manual"),
    ]


def test_hostile_usernames_are_escaped_in_the_panel(client, owner, team, account):
    evil = user_create(username="<script>x</script>", password="correct-horse-battery")
    membership_set(team=team, user=evil, role=Role.MANAGER)
    chat = make_chat_with_messages(account, count=1)
    chat_assign(user=owner, chat_id=chat.pk, assignee_id=evil.pk)
    client.force_login(owner)
    html = client.get(reverse("inbox:assignment", args=[chat.pk]), headers=HTMX).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_other_accounts_chats_are_not_touched(team, account, chatters):
    mode(team, AssignmentMode.ROUND_ROBIN)
    other = make_account(team)
    theirs = waiting_chats(other, 1)
    chats_auto_assign(account_id=account.pk)
    assert assignees(theirs) == [None]
