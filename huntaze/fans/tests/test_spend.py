"""Fan spend = subscriber snapshot + ledger after it: one test per worked case."""

from __future__ import annotations

from datetime import timedelta

import pytest

from huntaze.core.tests.factories import BASE_TIME, make_account, make_fan, make_team
from huntaze.earnings.models import EarningsEntry
from huntaze.earnings.services import earnings_upsert_many
from huntaze.fans.models import Fan
from huntaze.fans.services import fan_notes_set, fan_spend_recompute, fan_tags_set, fan_upsert_many

SNAPSHOT_AT = BASE_TIME
SNAPSHOT = {"total": 10_000, "tip": 4_000, "message": 3_000, "subscription": 3_000}


@pytest.fixture
def fan(account):
    fan = make_fan(account)
    fan_upsert_many(
        account_id=account.pk,
        rows=[
            {
                "onlyfans_id": fan.onlyfans_id,
                "spend_snapshot": SNAPSHOT,
                "spend_snapshot_at": SNAPSHOT_AT,
                "subscription_status": "active",
            }
        ],
    )
    return Fan.objects.get(pk=fan.pk)


def sale(
    fan, *, seconds: int, cents: int = 500, kind: str = "tip", status: str = "done", tx: str | None = None
):
    earnings_upsert_many(
        account_id=fan.account_id,
        rows=[
            {
                "onlyfans_id": tx or f"tx{seconds}{kind}{cents}",
                "kind": kind,
                "status": status,
                "gross_cents": cents,
                "net_cents": cents * 8 // 10,
                "fan_id": fan.pk,
                "fan_onlyfans_id": fan.onlyfans_id,
                "occurred_at": SNAPSHOT_AT + timedelta(seconds=seconds),
            }
        ],
    )
    fan_spend_recompute(account_id=fan.account_id, fan_ids=[fan.pk])
    fan.refresh_from_db()
    return fan


def test_fresh_snapshot_is_the_spend(fan):
    assert (fan.spend_total_cents, fan.spend_tips_cents, fan.spend_messages_cents) == (10_000, 4_000, 3_000)


def test_tip_after_snapshot_adds(fan):
    fan = sale(fan, seconds=60, cents=500)
    assert (fan.spend_total_cents, fan.spend_tips_cents) == (10_500, 4_500)


def test_pending_sale_counts(fan):
    assert sale(fan, seconds=60, status="pending", kind="message").spend_messages_cents == 3_500


def test_unknown_status_counts_zero(fan):
    assert sale(fan, seconds=60, status="other").spend_total_cents == 10_000


def test_row_at_the_snapshot_second_is_excluded_one_second_later_included(fan):
    assert sale(fan, seconds=0, tx="same-second").spend_total_cents == 10_000
    assert sale(fan, seconds=1, tx="next-second").spend_total_cents == 10_500


def test_new_snapshot_absorbs_earlier_rows_without_double_count(fan):
    sale(fan, seconds=60, cents=500)
    fan_upsert_many(
        account_id=fan.account_id,
        rows=[
            {
                "onlyfans_id": fan.onlyfans_id,
                "spend_snapshot": {**SNAPSHOT, "total": 10_500, "tip": 4_500},
                "spend_snapshot_at": SNAPSHOT_AT + timedelta(hours=1),
            }
        ],
    )
    fan.refresh_from_db()
    assert (fan.spend_total_cents, fan.spend_tips_cents) == (10_500, 4_500)


def test_chargeback_of_a_pre_snapshot_payment_subtracts(fan):
    sale(fan, seconds=-3600, cents=2_000, tx="old")  # inside the snapshot already: counts 0 more
    assert fan.spend_total_cents == 10_000
    fan = sale(fan, seconds=-3600, cents=2_000, status="chargeback", tx="old")  # seen undone now
    assert (fan.spend_total_cents, fan.spend_tips_cents) == (8_000, 2_000)


def test_sale_and_chargeback_both_after_snapshot_count_zero(fan):
    sale(fan, seconds=60, cents=700, tx="new")
    assert sale(fan, seconds=60, cents=700, status="chargeback", tx="new").spend_total_cents == 10_000


def test_chargeback_time_is_kept_across_syncs(fan):
    sale(fan, seconds=-60, cents=100, status="chargeback", tx="cb")
    first = EarningsEntry.objects.get(onlyfans_id="cb").chargeback_at
    sale(fan, seconds=-60, cents=100, status="chargeback", tx="cb")
    assert EarningsEntry.objects.get(onlyfans_id="cb").chargeback_at == first


def test_ledger_only_fan_starts_from_zero(account):
    fan = make_fan(account)
    assert sale(fan, seconds=-10_000, cents=900).spend_total_cents == 900


def test_other_accounts_never_leak_in(fan):
    other_fan = make_fan(make_account(make_team("B")), onlyfans_id=fan.onlyfans_id)
    sale(other_fan, seconds=60, cents=999_00)
    fan_spend_recompute(account_id=fan.account_id, fan_ids=[fan.pk, other_fan.pk])
    fan.refresh_from_db()
    assert fan.spend_total_cents == 10_000


def test_sync_never_overwrites_tags_and_notes(fan, owner):
    fan_tags_set(user=owner, fan_id=fan.pk, tags=["VIP", "whale"])
    fan_notes_set(user=owner, fan_id=fan.pk, notes="likes cats")
    fan_upsert_many(
        account_id=fan.account_id,
        rows=[
            {
                "onlyfans_id": fan.onlyfans_id,
                "display_name": "Renamed",
                "spend_snapshot": SNAPSHOT,
                "spend_snapshot_at": SNAPSHOT_AT,
            }
        ],
    )
    fan.refresh_from_db()
    assert fan.display_name == "Renamed"
    assert fan.notes == "likes cats"
    assert sorted(fan.tags.values_list("name", flat=True)) == ["vip", "whale"]
