"""Manual CSV/JSON import: validated with line numbers, all-or-nothing, idempotent with the sync."""

from __future__ import annotations

import json

import pytest

from huntaze.earnings.models import EarningsEntry
from huntaze.fans.models import Fan
from huntaze.fans.services import fan_tags_set
from huntaze.sync.manual_import import ImportFileError, earnings_import, fans_import

FANS_CSV = """onlyfans_id,username,display_name,subscription_status,subscribed_at,total_spent,tips_spent
101,mark,Mark,active,2026-02-18T10:00:00+00:00,184.50,40
102,<script>x</script>,Eve,expired,2026-01-01,0,
"""


def test_fans_csv_import_creates_fans_with_cents_and_marks_the_account(account):
    assert fans_import(account=account, content=FANS_CSV, fmt="csv") == 2
    mark = Fan.objects.get(account=account, onlyfans_id=101)
    assert (mark.spend_total_cents, mark.spend_tips_cents, mark.subscription_status) == (
        18450,
        4000,
        "active",
    )
    assert Fan.objects.get(account=account, onlyfans_id=102).username == "<script>x</script>"
    account.refresh_from_db()
    assert account.manual_data


def test_bad_rows_are_reported_by_line_and_nothing_is_written(account):
    bad = FANS_CSV + "abc,x,y,active,,1\n104,z,z,maybe,,1\n105,w,w,active,not-a-date,1\n106,v,v,active,,$$\n"
    with pytest.raises(ImportFileError) as excinfo:
        fans_import(account=account, content=bad, fmt="csv")
    errors = excinfo.value.extra["errors"]
    assert errors == [
        "line 4: onlyfans_id must be a number (got 'abc')",
        "line 5: subscription_status must be one of active, expired, never (got 'maybe')",
        "line 6: subscribed_at: not an ISO 8601 time ('not-a-date')",
        "line 7: total_spent: not an amount: '$$'",
    ]
    assert not Fan.objects.filter(account=account).exists()


def test_importing_twice_is_idempotent_and_keeps_tags(account, owner):
    fans_import(account=account, content=FANS_CSV, fmt="csv")
    fan_tags_set(user=owner, fan_id=Fan.objects.get(onlyfans_id=101).pk, tags=["vip"])
    fans_import(account=account, content=FANS_CSV, fmt="csv")
    assert Fan.objects.filter(account=account).count() == 2
    assert list(Fan.objects.get(onlyfans_id=101).tags.values_list("name", flat=True)) == ["vip"]


def test_earnings_json_import_links_fans_and_adds_to_spend(account):
    fans_import(account=account, content=FANS_CSV, fmt="csv")
    ledger = [
        {
            "id": "tx1",
            "created_at": "2099-01-01T00:00:00Z",
            "amount": 20,
            "net": 16,
            "kind": "tip",
            "status": "done",
            "fan_onlyfans_id": 101,
        },
        {
            "id": "tx2",
            "created_at": "2099-01-02T00:00:00Z",
            "amount": "9.99",
            "kind": "subscription",
            "fan_onlyfans_id": 999,
        },
    ]
    assert earnings_import(account=account, content=json.dumps(ledger), fmt="json") == 2
    assert earnings_import(account=account, content=json.dumps(ledger), fmt="json") == 2  # idempotent
    assert EarningsEntry.objects.filter(account=account).count() == 2
    mark = Fan.objects.get(account=account, onlyfans_id=101)
    assert mark.spend_total_cents == 18450 + 2000
    assert Fan.objects.get(account=account, onlyfans_id=999).spend_total_cents == 999  # ledger-only fan


@pytest.mark.parametrize(
    ("content", "fmt", "message"),
    [
        ("{not json", "json", "Not valid JSON"),
        ('{"a": 1}', "json", "array of objects"),
        ("x", "xml", "Unknown format"),
    ],
)
def test_unreadable_files_get_a_clear_error(account, content, fmt, message):
    with pytest.raises(ImportFileError, match=message):
        earnings_import(account=account, content=content, fmt=fmt)
