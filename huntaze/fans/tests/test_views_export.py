"""CSV export of the fans list: the same filters and order, every page, safe in spreadsheets."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from huntaze.core.tests.factories import BASE_TIME, make_account, make_fan, make_member, make_team, make_user
from huntaze.fans.selectors import FAN_CSV_HEADER
from huntaze.fans.services import fan_notes_set, fan_tags_set

EXPORT = reverse("fans:export")


def rows_of(response) -> list[dict[str, str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheet apps then read UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def test_export_streams_every_fan_of_the_filter_in_the_list_order(logged_in, owner, account):
    fans = [make_fan(account, spend_total_cents=100 * i, subscription_status="active") for i in range(120)]
    make_fan(account, subscription_status="expired", spend_total_cents=10**6)
    make_fan(make_account(make_team("B")), subscription_status="active")
    response = logged_in.get(EXPORT, {"status": "active", "cursor": "ignored-not-a-page"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="fans-{account.pk}-')
    rows = rows_of(response)
    assert [int(row["id"]) for row in rows] == [fan.pk for fan in reversed(fans)]
    assert list(rows[0]) == list(FAN_CSV_HEADER)


def test_export_cells_carry_money_in_dollars_dates_and_tags(logged_in, owner, account):
    fan = make_fan(
        account,
        username="mia",
        display_name="Mia 💜",
        spend_total_cents=12_345,
        spend_tips_cents=10_000,
        subscribed_at=BASE_TIME,
        renew_on=True,
    )
    fan_tags_set(user=owner, fan_id=fan.pk, tags=["whale", "eu"])
    fan_notes_set(user=owner, fan_id=fan.pk, notes="line one\nline two")
    [row] = rows_of(logged_in.get(EXPORT))
    assert row["display_name"] == "Mia 💜"
    assert (row["spend_total"], row["spend_tips"], row["spend_posts"]) == ("123.45", "100.00", "0.00")
    assert row["subscribed_at"] == BASE_TIME.isoformat()
    assert (row["renew_on"], row["expires_at"]) == ("true", "")
    assert row["tags"] == "eu;whale"
    assert row["notes"] == "line one\nline two"


def test_export_neutralises_spreadsheet_formulas_in_fan_text(logged_in, owner, account):
    fan = make_fan(account, display_name='=HYPERLINK("http://evil.test","win")', username="+1-555")
    fan_tags_set(user=owner, fan_id=fan.pk, tags=["-2+3"])
    fan_notes_set(user=owner, fan_id=fan.pk, notes="@SUM(A1:A9)")
    safe = make_fan(account, display_name="Ann = fine", username="ann")
    rows = {row["id"]: row for row in rows_of(logged_in.get(EXPORT))}
    hostile = rows[str(fan.pk)]
    assert hostile["display_name"] == '\'=HYPERLINK("http://evil.test","win")'
    assert hostile["username"] == "'+1-555"
    assert hostile["tags"] == "'-2+3"
    assert hostile["notes"] == "'@SUM(A1:A9)"
    assert rows[str(safe.pk)]["display_name"] == "Ann = fine"


def test_export_follows_search_tag_spend_and_sort(logged_in, owner, account):
    a = make_fan(account, display_name="Alpha", spend_total_cents=5_000)
    b = make_fan(account, display_name="Beta", spend_total_cents=9_000)
    make_fan(account, display_name="Gamma", spend_total_cents=100)
    for fan in (a, b):
        fan_tags_set(user=owner, fan_id=fan.pk, tags=["keep"])
    rows = rows_of(logged_in.get(EXPORT, {"tag": "keep", "spend_min": "10", "sort": "name", "dir": "asc"}))
    assert [row["display_name"] for row in rows] == ["Alpha", "Beta"]
    rows = rows_of(logged_in.get(EXPORT, {"q": "amm"}))
    assert [row["display_name"] for row in rows] == ["Gamma"]


def test_export_with_bad_filters_is_a_422(logged_in, account):
    response = logged_in.get(EXPORT, {"spend_min": "-5"})
    assert response.status_code == 422
    assert "valid filters" in response.content.decode()


def test_export_only_ever_holds_the_selected_accounts_fans(client, team, account):
    second = make_account(team, username="second_creator")
    mine, theirs = make_fan(account), make_fan(second)
    foreign = make_account(make_team("B"))
    make_fan(foreign)
    client.force_login(make_member(team, "manager"))
    for params, expected in (({}, mine), ({"account": second.pk}, theirs), ({"account": foreign.pk}, mine)):
        assert [int(row["id"]) for row in rows_of(client.get(EXPORT, params))] == [expected.pk]


def test_a_chatter_may_not_export_and_sees_no_export_link(client, team, account):
    make_fan(account)
    client.force_login(make_member(team, "chatter", accounts=[account]))
    assert client.get(EXPORT).status_code == 403
    page = client.get(reverse("fans:list")).content.decode()
    assert "Export CSV" not in page
    assert "Add tag" in page


def test_export_without_an_account_is_a_clear_422(client, db):
    client.force_login(make_user())
    assert client.get(EXPORT).status_code == 422


def test_export_query_count_does_not_grow_with_rows(logged_in, owner, account, django_assert_max_num_queries):
    for i in range(30):
        fan = make_fan(account)
        fan_tags_set(user=owner, fan_id=fan.pk, tags=[f"t{i}"])
    with django_assert_max_num_queries(8):
        assert len(rows_of(logged_in.get(EXPORT))) == 30
