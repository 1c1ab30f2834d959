"""Counts follow the synced data: every successful sync recounts the account's segments."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from huntaze.fans.models import Fan
from huntaze.inbox.models import Chat, Message
from huntaze.segments.models import Segment
from huntaze.segments.selectors import account_today, segment_counts, segment_fans
from huntaze.segments.services import segment_create, segments_overview
from huntaze.sync.models import RunStatus
from huntaze.sync.tests.conftest import sync


def test_a_successful_sync_recounts_every_segment_and_records_today(sim_account, owner):
    paying = {"rules": [{"kind": "whales", "min_cents": 1}]}
    segment = segment_create(user=owner, account_id=sim_account.pk, name="Paying", definition=paying)
    builtins = segments_overview(user=owner, account_id=sim_account.pk).segments
    assert segment.fan_count == 0
    assert all(row.fan_count == 0 for row in builtins)

    run = sync(sim_account)  # the simulator's ``small`` creator, synced for real over HTTP

    assert run.status == RunStatus.SUCCEEDED
    segments = list(Segment.objects.filter(account=sim_account))
    expected = segment_counts(account=sim_account, segments=segments)
    assert {row.pk: row.fan_count for row in segments} == expected
    assert (
        Segment.objects.get(pk=segment.pk).fan_count
        == Fan.objects.filter(account=sim_account, spend_total_cents__gte=1).count()
        > 0
    )
    today = account_today(sim_account)
    for row in segments:
        assert row.counted_at > run.started_at
        assert row.snapshots.get(date=today).fan_count == row.fan_count


def test_synced_data_answers_each_built_in_rule(sim_account, owner):
    sync(sim_account)
    by_key = {row.builtin: row for row in segments_overview(user=owner, account_id=sim_account.pk).segments}
    fans = Fan.objects.filter(account=sim_account)
    assert by_key["no_spenders"].fan_count == fans.filter(spend_total_cents__lte=0).count()
    # Whales (top 5% of paying fans) are the biggest spenders.
    whales = segment_fans(user=owner, segment_id=by_key["whales"].pk)
    paying = fans.filter(spend_total_cents__gt=0).count()
    assert 1 <= whales.count() <= max(1, paying * 5 // 100 + 1)
    lowest_whale = min(whales.values_list("spend_total_cents", flat=True))
    assert not fans.exclude(pk__in=whales.values("pk")).filter(spend_total_cents__gt=lowest_whale).exists()
    # Silent: fans with a chat and no message of theirs in the last 14 days.
    silent = segment_fans(user=owner, segment_id=by_key["silent_14_days"].pk)
    cutoff = timezone.now() - timedelta(days=14)
    recent = Message.objects.filter(account=sim_account, direction="incoming", sent_at__gte=cutoff)
    chatting = Chat.objects.filter(account=sim_account).values_list("fan_id", flat=True)
    assert set(silent.values_list("pk", flat=True)) == set(chatting) - set(
        recent.values_list("fan_id", flat=True)
    )
