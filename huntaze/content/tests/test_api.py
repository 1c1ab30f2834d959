"""Content route: posts and vault media by account and kind, newest first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from huntaze.core.tests.factories import BASE_TIME, make_account, make_content


def test_content_filters_by_kind_and_account(client, owner, team, account):
    post = make_content(account, kind="post", published_at=BASE_TIME)
    vault = make_content(account, kind="vault", published_at=BASE_TIME - timedelta(days=1))
    undated = make_content(account, kind="vault", published_at=None)
    elsewhere = make_content(make_account(team), kind="post")
    client.force_login(owner)

    def ids(**params):
        response = client.get("/api/onlyfans/content", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["items"]]

    assert ids(account_id=account.pk) == [post.pk, vault.pk, undated.pk]
    assert ids(kind="vault") == [vault.pk, undated.pk]
    assert set(ids(kind="post")) == {post.pk, elsewhere.pk}
    assert client.get("/api/onlyfans/content", {"kind": "story"}).status_code == 422


@pytest.mark.parametrize("rows", [3, 30])
def test_content_query_count_does_not_grow_with_rows(client, owner, account, django_assert_num_queries, rows):
    for _ in range(rows):
        make_content(account)
    client.force_login(owner)
    # session + user, dated rows, undated rows (the list ends on this page)
    with django_assert_num_queries(4):
        assert len(client.get("/api/onlyfans/content").json()["items"]) == rows
