"""The fans page: sorting, filters, pages, empty and error states, access, escaping, query bounds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.urls import reverse

from huntaze.core.tests.factories import (
    BASE_TIME,
    make_account,
    make_chat_with_messages,
    make_fan,
    make_member,
    make_team,
    make_user,
)
from huntaze.fans.services import fan_notes_set, fan_tags_set

LIST = reverse("fans:list")
HTMX = {"HX-Request": "true"}


def shown(response) -> list[int]:
    return [fan.pk for fan in response.context["page"].items]


def walk(client, params: dict[str, str]) -> list[int]:
    """Every fan id of the list, following the "Next page" links."""
    ids: list[int] = []
    query = QueryDict(mutable=True)
    query.update(params)
    for _ in range(50):
        response = client.get(LIST, query)
        assert response.status_code == 200
        ids += shown(response)
        next_query = response.context["pager"]["next"]
        if next_query is None:
            return ids
        query = QueryDict(next_query)
    raise AssertionError("the pages never end")


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_fans_are_listed_by_total_spend_highest_first(logged_in, account):
    low = make_fan(account, spend_total_cents=100)
    high = make_fan(account, spend_total_cents=90_000)
    mid = make_fan(account, spend_total_cents=5_000)
    response = logged_in.get(LIST)
    assert response.status_code == 200
    assert shown(response) == [high.pk, mid.pk, low.pk]
    html = response.content.decode()
    assert "$900.00" in html
    assert 'aria-sort="descending"' in html
    assert "<caption>" in html
    assert 'scope="col"' in html


def test_each_sort_orders_both_ways_with_missing_values_last(logged_in, account):
    day = timedelta(days=1)
    anna = make_fan(account, display_name="Anna", subscribed_at=BASE_TIME - 3 * day, last_seen_at=BASE_TIME)
    bob = make_fan(account, display_name="Bob", subscribed_at=BASE_TIME - day, last_seen_at=None)
    cleo = make_fan(account, display_name="Cleo", subscribed_at=None, last_seen_at=BASE_TIME - day)
    cases = {
        ("name", "asc"): [anna, bob, cleo],
        ("name", "desc"): [cleo, bob, anna],
        ("subscribed", "desc"): [bob, anna, cleo],
        ("subscribed", "asc"): [anna, bob, cleo],
        ("last_seen", "desc"): [anna, cleo, bob],
        ("last_seen", "asc"): [cleo, anna, bob],
    }
    for (sort, direction), expected in cases.items():
        response = logged_in.get(LIST, {"sort": sort, "dir": direction})
        assert shown(response) == [fan.pk for fan in expected], (sort, direction)


def test_a_header_link_sorts_by_its_column_and_reverses_the_current_one(logged_in, account):
    make_fan(account)
    columns = logged_in.get(LIST, {"sort": "name", "dir": "asc"}).context["columns"]
    assert columns["name"]["aria_sort"] == "ascending"
    assert QueryDict(columns["name"]["query"])["dir"] == "desc"
    assert columns["spend"]["aria_sort"] is None
    assert QueryDict(columns["spend"]["query"]).dict() == {"sort": "spend", "dir": "desc"}


def test_filters_narrow_the_list_and_combine(logged_in, owner, account):
    vip = make_fan(account, display_name="Vera", username="vera_x", subscription_status="active")
    vip_cheap = make_fan(account, display_name="Victor", subscription_status="active", spend_total_cents=500)
    expired = make_fan(account, display_name="Eve", username="evening_star", subscription_status="expired")
    rich = make_fan(account, display_name="Rich", spend_total_cents=25_000, subscription_status="active")
    for fan in (vip, vip_cheap):
        fan_tags_set(user=owner, fan_id=fan.pk, tags=["VIP"])

    def ids(**params):
        response = logged_in.get(LIST, params)
        assert response.status_code == 200, params
        return set(shown(response))

    assert ids(status="expired") == {expired.pk}
    assert ids(tag=" vip ") == {vip.pk, vip_cheap.pk}
    assert ids(q="VER") == {vip.pk}  # display name, any case
    assert ids(q="evening") == {expired.pk}  # username
    assert ids(spend_min="5") == {vip_cheap.pk, rich.pk}
    assert ids(spend_min="200.01") == {rich.pk}
    assert ids(tag="vip", spend_min="1") == {vip_cheap.pk}
    assert ids(status="active", q="r") == {vip.pk, vip_cheap.pk, rich.pk}
    assert ids(q="100%_") == set()  # LIKE wildcards are plain text


def test_pages_of_fifty_walk_every_fan_once_even_with_ties(logged_in, account):
    fans = [make_fan(account, spend_total_cents=1000 * (i % 3), display_name=f"F{i % 4}") for i in range(120)]
    everyone = sorted(fan.pk for fan in fans)
    for params in (
        {},
        {"sort": "name", "dir": "asc"},
        {"sort": "subscribed"},
        {"sort": "spend", "dir": "asc"},
    ):
        ids = walk(logged_in, params)
        assert sorted(ids) == everyone, params
        assert len(ids) == len(set(ids)) == 120


def test_a_later_page_links_back_to_the_first_and_keeps_the_filters(logged_in, account):
    for _ in range(51):
        make_fan(account, subscription_status="active")
    first = logged_in.get(LIST, {"status": "active", "sort": "name", "dir": "asc"})
    next_query = QueryDict(first.context["pager"]["next"])
    assert next_query["status"] == "active"
    assert next_query["sort"] == "name"
    assert next_query["dir"] == "asc"
    second = logged_in.get(LIST, next_query)
    assert len(shown(second)) == 1
    assert second.context["pager"]["later"] is True
    assert "cursor" not in QueryDict(second.context["pager"]["first"])
    assert "First page" in second.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "vip"}, "Select a valid choice"),
        ({"spend_min": "-1"}, "greater than or equal to 0"),
        ({"spend_min": "lots"}, "Enter a number"),
        ({"spend_min": "1.234"}, "decimal places"),
        ({"sort": "shoe_size"}, "Select a valid choice"),
        ({"dir": "sideways"}, "Select a valid choice"),
        ({"q": "x" * 101}, "at most 100 characters"),
        ({"cursor": "not-a-cursor"}, "This cursor is not valid"),
    ],
)
def test_bad_filters_are_a_422_that_explains_and_keeps_the_form(logged_in, account, params, message):
    make_fan(account)
    response = logged_in.get(LIST, params)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert "These filters are not valid" in html
    assert 'id="fans-filters"' in html
    assert response.context["page"] is None


def test_a_cursor_of_another_sort_is_refused(logged_in, account):
    for _ in range(51):
        make_fan(account)
    cursor = logged_in.get(LIST).context["page"].next_cursor
    response = logged_in.get(LIST, {"sort": "name", "cursor": cursor})
    assert response.status_code == 422
    assert "This cursor is not valid" in response.content.decode()


def test_htmx_gets_only_the_region_and_a_boosted_or_history_request_the_page(logged_in, account):
    make_fan(account, display_name="Zed")
    fragment = logged_in.get(LIST, headers=HTMX).content.decode()
    assert "<html" not in fragment
    assert "Zed" in fragment
    assert 'id="fans-filters"' in fragment
    restore = logged_in.get(LIST, headers={**HTMX, "HX-History-Restore-Request": "true"}).content.decode()
    assert "<html" in restore
    bad = logged_in.get(LIST, {"status": "nope"}, headers=HTMX)
    assert bad.status_code == 422
    assert "<html" not in bad.content.decode()


def test_empty_states_tell_no_fans_yet_from_no_match(logged_in, account):
    html = logged_in.get(LIST).content.decode()
    assert "No fans yet" in html
    make_fan(account, subscription_status="active")
    html = logged_in.get(LIST, {"status": "expired"}).content.decode()
    assert "No fans match these filters." in html
    assert "No fans yet" not in html


def test_a_user_without_an_account_sees_an_empty_state(client, db):
    client.force_login(make_user())
    response = client.get(LIST)
    assert response.status_code == 200
    assert "No account to show" in response.content.decode()
    assert response.context["page"] is None


def test_rows_link_to_the_fan_and_to_the_chat_when_there_is_one(logged_in, account):
    talker = make_fan(account, display_name="Talker", spend_total_cents=20)
    quiet = make_fan(account, display_name="Quiet", spend_total_cents=10)
    chat = make_chat_with_messages(account, talker)
    html = logged_in.get(LIST).content.decode()
    assert f'href="{reverse("inbox:chat", args=[chat.pk])}"' in html
    assert reverse("fans:detail", args=[talker.pk]) in html
    assert reverse("fans:detail", args=[quiet.pk]) in html
    assert html.count(reverse("inbox:index") + "chats/") == 1


def test_spend_by_kind_is_in_the_row_and_on_the_fan_page(logged_in, account):
    fan = make_fan(
        account,
        spend_total_cents=12_345,
        spend_subscriptions_cents=999,
        spend_tips_cents=10_000,
        spend_messages_cents=1_346,
    )
    for html in (
        logged_in.get(LIST).content.decode(),
        logged_in.get(reverse("fans:detail", args=[fan.pk])).content.decode(),
    ):
        assert "$123.45" in html
        assert "$9.99" in html
        assert "$100.00" in html
        assert "$13.46" in html


def test_the_fan_page_shows_dates_tags_notes_and_the_chat_link(logged_in, owner, account):
    fan = make_fan(account, display_name="Mira", subscribed_at=BASE_TIME, subscription_status="active")
    fan_tags_set(user=owner, fan_id=fan.pk, tags=["whale", "night owl"])
    fan_notes_set(user=owner, fan_id=fan.pk, notes="Likes cats.\nAsk about Paris.")
    chat = make_chat_with_messages(account, fan)
    html = logged_in.get(reverse("fans:detail", args=[fan.pk])).content.decode()
    assert "Mira" in html
    assert "Active" in html
    assert "whale" in html
    assert "night owl" in html
    assert "Likes cats.<br>Ask about Paris." in html
    assert reverse("inbox:chat", args=[chat.pk]) in html


def test_other_tenants_fans_are_never_shown_and_their_page_is_404(logged_in, account):
    mine = make_fan(account, display_name="Mine")
    foreign_account = make_account(make_team("B"), username="foreign_creator")
    foreign = make_fan(foreign_account, display_name="Foreign")
    response = logged_in.get(LIST, {"account": foreign_account.pk})
    assert shown(response) == [mine.pk]
    assert "Foreign" not in response.content.decode()
    assert logged_in.get(reverse("fans:detail", args=[foreign.pk])).status_code == 404
    assert logged_in.get(reverse("fans:detail", args=[10**12])).status_code == 404


def test_a_chatter_sees_the_fans_of_assigned_accounts_only(client, team, account):
    other = make_account(team, username="other_creator")
    assigned = make_fan(account, display_name="Assigned")
    hidden = make_fan(other, display_name="Hidden")
    chatter = make_member(team, "chatter", accounts=[account])
    client.force_login(chatter)
    response = client.get(LIST, {"account": other.pk})
    assert shown(response) == [assigned.pk]
    assert client.get(reverse("fans:detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("fans:detail", args=[assigned.pk])).status_code == 200


def test_a_shared_account_link_stays_on_its_account_while_sorting_and_paging(logged_in, team, account):
    second = make_account(team, username="second_creator")
    theirs = [make_fan(second) for _ in range(51)]
    make_fan(account)
    response = logged_in.get(LIST, {"account": second.pk})
    assert set(shown(response)) < {fan.pk for fan in theirs}
    for query in (response.context["columns"]["name"]["query"], response.context["pager"]["next"]):
        assert QueryDict(query)["account"] == str(second.pk)
    assert f'name="account" value="{second.pk}"' in response.content.decode()
    following = logged_in.get(LIST, QueryDict(response.context["pager"]["next"]))
    assert shown(following) == [theirs[0].pk]


HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_HANDLE = "<img src=x onerror=alert(2)>"


def test_fan_controlled_text_is_escaped_everywhere(logged_in, owner, account):
    fan = make_fan(account, display_name=HOSTILE_NAME, username=HOSTILE_HANDLE)
    fan_tags_set(user=owner, fan_id=fan.pk, tags=[HOSTILE_HANDLE])
    fan_notes_set(user=owner, fan_id=fan.pk, notes=HOSTILE_NAME)
    make_chat_with_messages(account, fan)
    pages = [
        logged_in.get(LIST).content.decode(),
        logged_in.get(LIST, headers=HTMX).content.decode(),
        logged_in.get(LIST, {"q": HOSTILE_NAME}).content.decode(),
        logged_in.get(reverse("fans:detail", args=[fan.pk])).content.decode(),
    ]
    for html in pages:
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_the_list_costs_a_fixed_number_of_queries(logged_in, owner, account, django_assert_max_num_queries):
    def load(count: int) -> None:
        for i in range(count):
            fan = make_fan(account, spend_total_cents=i, subscribed_at=BASE_TIME if i % 2 else None)
            fan_tags_set(user=owner, fan_id=fan.pk, tags=["a", f"t{i}"])
            make_chat_with_messages(account, fan, count=1)

    load(3)
    with django_assert_max_num_queries(10):
        assert logged_in.get(LIST).status_code == 200
    load(60)
    for params in ({}, {"sort": "subscribed"}, {"tag": "a", "q": "fan", "status": "never"}):
        with django_assert_max_num_queries(10):
            response = logged_in.get(LIST, params)
        assert len(shown(response)) == 50
    with django_assert_max_num_queries(8):
        logged_in.get(reverse("fans:detail", args=[response.context["page"].items[0].pk]))
