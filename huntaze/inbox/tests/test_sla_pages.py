"""Response timers on the API's chat list and the inbox page: states, the needs-reply sort,
tenants and roles, hostile names; and a Huntaze send or a synced reply clearing the timer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huntaze.accounts.choices import Role
from huntaze.core.tests import factories
from huntaze.inbox.models import Chat, Message
from huntaze.inbox.sending import outbound_approve, outbound_send
from huntaze.inbox.tests.test_sending import human_request
from huntaze.sync.tests.conftest import sync

HTMX = {"HX-Request": "true"}


def waiting_chat(account, *, spent_cents: int, minutes: float, name: str = "") -> Chat:
    fan = factories.make_fan(
        account, spend_total_cents=spent_cents, display_name=name or f"spent {spent_cents}"
    )
    since = timezone.now() - timedelta(minutes=minutes)
    return Chat.objects.create(account=account, fan=fan, awaiting_reply_since=since, last_message_at=since)


@pytest.fixture
def queue(client, owner, account):
    """Targets 15/10 minutes: a small spender overdue for long, a whale just overdue, a chat at
    risk, one on time, and an answered one."""
    chats = {
        "small": waiting_chat(account, spent_cents=200, minutes=90),
        "whale": waiting_chat(account, spent_cents=150_000, minutes=20),
        "at_risk": waiting_chat(account, spent_cents=0, minutes=12),
        "fresh": waiting_chat(account, spent_cents=0, minutes=1),
        "answered": factories.make_chat_with_messages(account, count=2),
    }
    client.force_login(owner)
    return chats


def test_api_needs_reply_sort_lists_waiting_chats_whales_first(client, account, queue):
    body = client.get("/api/onlyfans/chats", {"account_id": account.pk, "sort": "needs_reply"}).json()
    assert [row["id"] for row in body["items"]] == [
        queue[name].pk for name in ("whale", "small", "at_risk", "fresh")
    ]
    assert [row["sla_state"] for row in body["items"]] == ["breached", "breached", "at_risk", "ok"]
    assert body["items"][0]["awaiting_reply_since"] is not None
    assert body["next_cursor"] is None


def test_api_default_list_exposes_timers_of_every_chat(client, account, queue):
    rows = {row["id"]: row for row in client.get("/api/onlyfans/chats").json()["items"]}
    assert rows[queue["answered"].pk]["sla_state"] is None
    assert rows[queue["answered"].pk]["awaiting_reply_since"] is None
    assert rows[queue["whale"].pk]["sla_state"] == "breached"
    assert rows[queue["fresh"].pk]["sla_state"] == "ok"


def test_api_single_chat_answers_carry_the_state_too(client, queue):
    body = client.post(f"/api/onlyfans/chats/{queue['whale'].pk}/read").json()
    assert body["sla_state"] == "breached"


def test_api_needs_reply_pages_walk_each_chat_once(client, account, queue):
    seen, cursor = [], None
    params = {"account_id": account.pk, "sort": "needs_reply", "limit": 3}
    while True:
        body = client.get("/api/onlyfans/chats", params | ({"cursor": cursor} if cursor else {})).json()
        seen += [row["id"] for row in body["items"]]
        if not (cursor := body["next_cursor"]):
            break
    assert seen == [queue[name].pk for name in ("whale", "small", "at_risk", "fresh")]


def test_api_needs_reply_refuses_bad_input_clearly(client, account, queue):
    response = client.get("/api/onlyfans/chats", {"sort": "needs_reply"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["extra"] == {"field": "account_id"}
    response = client.get(
        "/api/onlyfans/chats", {"account_id": account.pk, "sort": "needs_reply", "cursor": "x1"}
    )
    assert (response.status_code, response.json()["code"]) == (422, "invalid_cursor")
    assert client.get("/api/onlyfans/chats", {"sort": "loudest"}).status_code == 422


def test_api_needs_reply_is_tenant_and_role_scoped(client, team, account, queue):
    other_team = factories.make_team("Other")
    other = factories.make_account(other_team)
    waiting_chat(other, spent_cents=500_000, minutes=60)
    response = client.get("/api/onlyfans/chats", {"account_id": other.pk, "sort": "needs_reply"})
    assert response.status_code == 404
    chatter = factories.make_member(team, Role.CHATTER)
    client.force_login(chatter)
    response = client.get("/api/onlyfans/chats", {"account_id": account.pk, "sort": "needs_reply"})
    assert response.status_code == 404
    assigned = factories.make_member(team, Role.CHATTER, accounts=[account])
    client.force_login(assigned)
    body = client.get("/api/onlyfans/chats", {"account_id": account.pk, "sort": "needs_reply"}).json()
    assert len(body["items"]) == 4


def test_api_needs_reply_query_count_does_not_grow_with_rows(
    client, account, queue, django_assert_num_queries
):
    for minutes in range(20, 40):
        waiting_chat(account, spent_cents=minutes * 1_000, minutes=minutes)
    # session + user, the account check, its spend tiers, the page, its fans
    with django_assert_num_queries(6):
        body = client.get("/api/onlyfans/chats", {"account_id": account.pk, "sort": "needs_reply"}).json()
    assert len(body["items"]) == 24


def test_inbox_page_sorts_by_needs_reply_and_flags_late_chats(client, account, queue):
    response = client.get(reverse("inbox:index"), {"sort": "needs_reply"})
    assert response.status_code == 200
    rows = [chat.pk for chat in response.context["page"].items]
    assert rows == [queue[name].pk for name in ("whale", "small", "at_risk", "fresh")]
    html = response.content.decode()
    assert f'id="sla-{queue["whale"].pk}"' in html
    assert "Reply overdue, waiting 20" in html
    assert f'<span class="badge sla-at_risk" id="sla-{queue["at_risk"].pk}">At risk, waiting 12' in html
    assert f'id="sla-{queue["fresh"].pk}"' not in html
    assert '<option value="needs_reply" selected>' in html


def test_inbox_list_fragment_escapes_hostile_fan_names(client, account, queue):
    waiting_chat(account, spent_cents=0, minutes=30, name='<script>alert("x")</script>')
    response = client.get(reverse("inbox:conversations"), {"sort": "needs_reply"}, headers=HTMX)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_inbox_needs_reply_list_costs_a_fixed_number_of_queries(
    client, account, queue, django_assert_max_num_queries
):
    for minutes in range(20, 40):
        waiting_chat(account, spent_cents=minutes * 1_000, minutes=minutes)
    # The other sorts' 7, plus the account's spend tiers.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("inbox:conversations"), {"sort": "needs_reply"}, headers=HTMX)
    assert len(response.context["page"].items) == 24


def test_inbox_never_lists_another_tenants_waiting_chats(client, account, queue):
    other = factories.make_account(factories.make_team("Other"))
    hidden = waiting_chat(other, spent_cents=500_000, minutes=60, name="hidden whale")
    response = client.get(reverse("inbox:index"), {"account": other.pk, "sort": "needs_reply"})
    # An account the user cannot see falls back to their own (``web.selection``).
    assert response.context["account"] == account
    assert hidden.pk not in {chat.pk for chat in response.context["page"].items}
    assert "hidden whale" not in response.content.decode()


# --- Replies through Huntaze and on OnlyFans clear the timer (against the simulator). ---


def expected_timers(chat: Chat):
    """The rule of ``inbox.sla``, read from the stored messages in Python."""
    messages = list(chat.messages.filter(is_deleted=False).order_by("sent_at", "onlyfans_id"))
    replies = [m.sent_at for m in messages if m.direction == "outgoing"]
    last = max(replies, default=None)
    waiting = [
        m.sent_at for m in messages if m.direction == "incoming" and (last is None or m.sent_at > last)
    ]
    return min(replies, default=None), min(waiting, default=None)


def assert_timers_match_messages(account) -> int:
    chats = list(Chat.objects.filter(account=account))
    assert chats
    for chat in chats:
        assert (chat.first_reply_at, chat.awaiting_reply_since) == expected_timers(chat), chat.pk
    return sum(chat.awaiting_reply_since is not None for chat in chats)


@pytest.mark.django_db(transaction=True)
def test_synced_timers_match_the_messages_after_initial_and_incremental_syncs(sim_account, simulator):
    assert sync(sim_account, streams=["chats"]).status == "succeeded"
    assert assert_timers_match_messages(sim_account) > 0
    remote = simulator.control.state("chats")[0]
    newest = max(simulator.control.state(f"chats/{remote['userId']}/messages"), key=lambda m: m["id"])
    simulator.control.delete_message(remote["userId"], newest["id"])
    simulator.control.tick(messages=12)
    assert sync(sim_account, streams=["chats"]).status == "succeeded"
    assert Message.objects.filter(account=sim_account, onlyfans_id=newest["id"], is_deleted=True).exists()
    assert_timers_match_messages(sim_account)


@pytest.mark.django_db(transaction=True)
def test_a_reply_sent_through_huntaze_stops_the_timer(sim_account, owner):
    assert sync(sim_account, streams=["chats"]).status == "succeeded"
    chat = Chat.objects.filter(account=sim_account, awaiting_reply_since__isnull=False).order_by("pk").first()
    outbound = outbound_approve(
        request=human_request(owner),
        chat_id=chat.pk,
        text="Sorry for the wait, here I am",
        price_cents=0,
        idempotency_key="sla-reply-0001",
        approved=True,
    )
    assert outbound_send(outbound=outbound).status == "sent"
    chat.refresh_from_db()
    assert chat.awaiting_reply_since is None
    assert chat.first_reply_at is not None
