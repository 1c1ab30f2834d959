"""The content page: posts and vault media, filters, sorts, pages, states, access, escaping."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.urls import reverse

from huntaze.content.models import ContentKind
from huntaze.core.tests.factories import (
    BASE_TIME,
    make_account,
    make_content,
    make_member,
    make_team,
    make_user,
)

LIST = reverse("content:list")
HTMX = {"HX-Request": "true"}


def shown(response) -> list[int]:
    return [item.pk for item in response.context["page"].items]


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def test_anonymous_user_is_sent_to_login(client):
    assert client.get(LIST).status_code == 302


def test_items_are_listed_newest_first_with_their_numbers(logged_in, account):
    old = make_content(account, published_at=BASE_TIME - timedelta(days=2), text="Old post")
    new = make_content(
        account,
        published_at=BASE_TIME,
        text="Beach day",
        price_cents=1499,
        likes_count=321,
        tips_cents=2500,
        purchases_count=7,
        media_type="photo",
        media_count=3,
    )
    undated = make_content(
        account, published_at=None, kind=ContentKind.VAULT, media_type="video", media_count=1
    )
    response = logged_in.get(LIST)
    assert response.status_code == 200
    assert shown(response) == [new.pk, old.pk, undated.pk]
    html = response.content.decode()
    for text in (
        "Beach day",
        "$14.99",
        "321",
        "$25.00",
        "Photo \u00d7 3",
        "Video \u00d7 1",
        "Vault media",
        "Free",
    ):
        assert text in html, text
    assert 'aria-sort="descending"' in html
    assert "<caption>" in html


@pytest.mark.parametrize(
    ("sort", "field"), [("purchases", "purchases_count"), ("tips", "tips_cents"), ("likes", "likes_count")]
)
def test_each_sort_orders_both_ways(logged_in, account, sort, field):
    items = [make_content(account, **{field: value}) for value in (5, 50, 0)]
    by_value = sorted(items, key=lambda item: getattr(item, field))
    assert shown(logged_in.get(LIST, {"sort": sort})) == [item.pk for item in reversed(by_value)]
    assert shown(logged_in.get(LIST, {"sort": sort, "dir": "asc"})) == [item.pk for item in by_value]


def test_filters_by_kind_and_media_type(logged_in, account):
    post_photo = make_content(account, kind=ContentKind.POST, media_type="photo")
    post_video = make_content(account, kind=ContentKind.POST, media_type="video")
    vault_video = make_content(account, kind=ContentKind.VAULT, media_type="video")
    assert set(shown(logged_in.get(LIST, {"kind": "vault"}))) == {vault_video.pk}
    assert set(shown(logged_in.get(LIST, {"media_type": "video"}))) == {post_video.pk, vault_video.pk}
    assert set(shown(logged_in.get(LIST, {"kind": "post", "media_type": "photo"}))) == {post_photo.pk}


def test_pages_walk_every_item_once(logged_in, account):
    items = {make_content(account, likes_count=i % 4, published_at=BASE_TIME).pk for i in range(110)}
    for params in ({}, {"sort": "likes", "dir": "asc"}):
        seen: list[int] = []
        query = QueryDict(mutable=True)
        query.update(params)
        while True:
            response = logged_in.get(LIST, query)
            seen += shown(response)
            if response.context["pager"]["next"] is None:
                break
            query = QueryDict(response.context["pager"]["next"])
        assert sorted(seen) == sorted(items)
        assert len(seen) == len(set(seen))


@pytest.mark.parametrize(
    "params",
    [{"kind": "story"}, {"media_type": "hologram"}, {"sort": "price"}, {"dir": "up"}, {"cursor": "@@@"}],
)
def test_bad_filters_are_a_422_that_explains(logged_in, account, params):
    make_content(account)
    response = logged_in.get(LIST, params)
    assert response.status_code == 422
    html = response.content.decode()
    assert "These filters are not valid" in html
    assert 'id="content-filters"' in html


def test_htmx_gets_the_region_only(logged_in, account):
    make_content(account, text="Fragment me")
    html = logged_in.get(LIST, {"sort": "tips"}, headers=HTMX).content.decode()
    assert "<html" not in html
    assert "Fragment me" in html


def test_empty_states(client, logged_in, account):
    assert "No content yet" in logged_in.get(LIST).content.decode()
    make_content(account, kind=ContentKind.POST)
    assert "Nothing matches these filters." in logged_in.get(LIST, {"kind": "vault"}).content.decode()
    client.force_login(make_user())
    assert "No account to show" in client.get(LIST).content.decode()


def test_only_the_users_accounts_content_is_shown(client, team, account):
    other = make_account(team, username="other_creator")
    mine = make_content(account, text="Mine")
    make_content(other, text="Not assigned")
    make_content(make_account(make_team("B")), text="Foreign")
    client.force_login(make_member(team, "chatter", accounts=[account]))
    response = client.get(LIST, {"account": other.pk})
    assert shown(response) == [mine.pk]
    html = response.content.decode()
    assert "Not assigned" not in html
    assert "Foreign" not in html


def test_captions_are_escaped(logged_in, account):
    make_content(account, text="<script>alert(1)</script> <img src=x onerror=alert(2)>")
    for html in (logged_in.get(LIST).content.decode(), logged_in.get(LIST, headers=HTMX).content.decode()):
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_list_costs_a_fixed_number_of_queries(logged_in, account, django_assert_max_num_queries):
    make_content(account)
    with django_assert_max_num_queries(7):
        logged_in.get(LIST)
    for i in range(80):
        make_content(account, published_at=None if i % 2 else BASE_TIME)
    for params in ({}, {"sort": "likes"}, {"kind": "post", "media_type": "photo"}):
        with django_assert_max_num_queries(7):
            assert logged_in.get(LIST, params).status_code == 200
