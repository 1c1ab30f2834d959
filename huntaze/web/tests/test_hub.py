"""The hub: today's figures per creator in their own timezone, live sync status, "sync now"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from huntaze.accounts.choices import AccountStatus
from huntaze.core.tests.factories import make_account, make_chat_with_messages, make_fan, make_team
from huntaze.earnings.models import EarningsEntry
from huntaze.inbox.models import Chat
from huntaze.sync.models import SyncRun
from huntaze.web.selectors import hub_cards

NOW = datetime(2026, 11, 29, 14, 59, 30, tzinfo=UTC)  # 09:59 in New York, 23:59 in Tokyo


def earn(account, when, net_cents, status="done"):
    EarningsEntry.objects.create(
        account=account,
        onlyfans_id=f"t{EarningsEntry.objects.count()}",
        kind="tip",
        status=status,
        gross_cents=net_cents,
        net_cents=net_cents,
        occurred_at=when,
    )


def test_today_is_the_creators_own_day(owner, team):
    new_york, tokyo = make_account(team), make_account(team)
    for account, zone in ((new_york, "America/New_York"), (tokyo, "Asia/Tokyo")):
        account.timezone = zone
        account.save()
        earn(account, datetime(2026, 11, 29, 4, 30, tzinfo=UTC), 1_000)  # 23:30 NY yesterday, 13:30 Tokyo
        earn(account, datetime(2026, 11, 29, 14, 59, tzinfo=UTC), 200)  # 09:59 NY today, 23:59 Tokyo
        earn(account, datetime(2026, 11, 29, 14, 0, tzinfo=UTC), 700, status="chargeback")
        make_fan(account, subscribed_at=datetime(2026, 11, 29, 6, 0, tzinfo=UTC))  # NY today, Tokyo today
        make_fan(account, subscribed_at=datetime(2026, 11, 28, 16, 0, tzinfo=UTC))  # Tokyo today (01:00)
    cards = {card.account.pk: card for card in hub_cards(user=owner, now=NOW)}
    assert (cards[new_york.pk].earnings_today_cents, cards[new_york.pk].new_fans_today) == (200, 1)
    assert (cards[tokyo.pk].earnings_today_cents, cards[tokyo.pk].new_fans_today) == (1_200, 2)


def test_unread_chats_count_only_chats_nobody_read_since_the_last_fan_message(client, owner, account):
    chats = [make_chat_with_messages(account) for _ in range(3)]
    Chat.objects.filter(pk__in=[c.pk for c in chats]).update(unread_count=1)
    client.force_login(owner)
    client.post(f"/api/onlyfans/chats/{chats[0].pk}/read")
    (card,) = hub_cards(user=owner)
    assert card.unread_chats == 2


def test_the_hub_costs_the_same_queries_for_one_or_ten_accounts(
    client, owner, team, django_assert_max_num_queries
):
    make_account(team)
    client.force_login(owner)
    with django_assert_max_num_queries(12) as one:
        assert client.get(reverse("web:hub")).status_code == 200
    for _ in range(9):
        account = make_account(team)
        make_chat_with_messages(account)
        earn(account, datetime.now(UTC), 500)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(reverse("web:hub")).content.decode()
    assert html.count('class="card account"') == 10


@pytest.mark.django_db(transaction=True)
def test_sync_now_queues_a_run_and_answers_with_the_live_status(client, owner, sim_account):
    client.force_login(owner)
    response = client.post(reverse("web:sync_now", args=[sim_account.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200
    run = SyncRun.objects.get(account=sim_account, trigger="manual")
    assert run.status == "succeeded"  # Huey runs tasks inline in tests
    assert f'id="sync-status-{sim_account.pk}"' in response.content.decode()


def test_sync_now_is_refused_for_an_account_that_needs_reauth(client, owner, account):
    account.status = AccountStatus.NEEDS_REAUTH
    account.save()
    client.force_login(owner)
    response = client.post(reverse("web:sync_now", args=[account.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert 'role="alert"' in response.content.decode()
    assert not SyncRun.objects.filter(account=account).exists()
    hub = client.get(reverse("web:hub")).content.decode()
    assert "Reconnect" in hub
    assert "Sync now" not in hub


def test_another_teams_account_status_and_sync_are_not_found(client, owner):
    foreign = make_account(make_team("B"))
    client.force_login(owner)
    assert client.get(reverse("web:sync_status", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("web:sync_now", args=[foreign.pk])).status_code == 404
    assert not SyncRun.objects.filter(account=foreign).exists()


def test_a_failing_streams_error_is_shown_escaped(client, owner, account):
    from huntaze.sync.models import SyncState

    SyncState.objects.create(
        account=account,
        stream="chats",
        consecutive_failures=3,
        last_error_message="<script>alert(1)</script>",
    )
    client.force_login(owner)
    html = client.get(reverse("web:hub")).content.decode()
    assert "Failing" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
