"""bulk_upsert stores exactly what the ORM would, and never touches columns it is not given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from django.db import connection

from huntaze.core.db import bulk_upsert
from huntaze.fans.models import Fan

COLUMNS = "username, subscribed_at, expires_at, renew_on, spend_total_cents, raw, notes"
PARIS_SUMMER = timezone(timedelta(hours=2))


def stored(pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM fans_fan WHERE id = %s", [pk])
        return cursor.fetchone()


def test_bulk_upsert_writes_the_same_database_values_as_the_orm(account):
    values = {
        "username": "émilie <3",
        "subscribed_at": datetime(2026, 7, 1, 14, 30, 5, 123456, tzinfo=PARIS_SUMMER),  # not UTC
        "expires_at": datetime(2026, 8, 1, tzinfo=UTC),
        "renew_on": None,
        "spend_total_cents": 12_345,
        "raw": {"nested": [1, "two", None], "ünï": True},
    }
    by_orm = Fan.objects.create(account=account, onlyfans_id=1, **values)
    bulk_upsert(
        Fan,
        [{"account_id": account.pk, "onlyfans_id": 2, **values}],
        unique_fields=("account", "onlyfans_id"),
        update_fields=tuple(values),
    )
    by_upsert = Fan.objects.get(account=account, onlyfans_id=2)
    assert stored(by_upsert.pk) == stored(by_orm.pk)
    assert by_upsert.subscribed_at == values["subscribed_at"]


def test_bulk_upsert_converts_values_of_unexpected_types_like_the_orm(account):
    bulk_upsert(
        Fan,
        [{"account_id": account.pk, "onlyfans_id": "3", "spend_total_cents": "250", "username": 42}],
        unique_fields=("account", "onlyfans_id"),
        update_fields=("spend_total_cents", "username"),
    )
    fan = Fan.objects.get(account=account, onlyfans_id=3)
    assert (fan.spend_total_cents, fan.username) == (250, "42")


def test_bulk_upsert_updates_only_the_given_fields_and_keeps_the_last_duplicate(account):
    fan = Fan.objects.create(account=account, onlyfans_id=4, username="old", notes="Huntaze-owned note")
    rows = [
        {"account_id": account.pk, "onlyfans_id": 4, "username": "first", "notes": "overwritten?"},
        {"account_id": account.pk, "onlyfans_id": 4, "username": "last", "notes": "overwritten?"},
    ]
    assert bulk_upsert(Fan, rows, unique_fields=("account", "onlyfans_id"), update_fields=("username",)) == 1
    fan.refresh_from_db()
    assert (fan.username, fan.notes) == ("last", "Huntaze-owned note")
