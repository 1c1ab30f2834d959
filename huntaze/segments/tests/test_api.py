"""The segments JSON API: roles, tenants, validation, limits, pages of fans, bounded queries."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huntaze.api.tests.conftest import bearer
from huntaze.core.tests.factories import (
    make_account,
    make_fan,
    make_member,
    make_team,
    make_token_secret,
    make_user,
)
from huntaze.fans.services import fan_tags_set
from huntaze.segments import selectors
from huntaze.segments.choices import BuiltinSegment
from huntaze.segments.models import Segment
from huntaze.segments.services import segment_create

pytestmark = pytest.mark.django_db
SEGMENTS = "/api/onlyfans/segments"
EXPIRED = {"rules": [{"kind": "expired"}]}


def post(client, url, body, **kwargs):
    return client.post(url, json.dumps(body), content_type="application/json", **kwargs)


def put(client, url, body, **kwargs):
    return client.put(url, json.dumps(body), content_type="application/json", **kwargs)


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def test_list_creates_the_built_in_segments_with_counts(logged_in, account):
    make_fan(account, spend_total_cents=0)
    response = logged_in.get(SEGMENTS, {"account_id": account.pk})
    assert response.status_code == 200
    rows = {row["builtin"]: row for row in response.json()}
    assert set(rows) == set(BuiltinSegment.values)
    no_spenders = rows[BuiltinSegment.NO_SPENDERS]
    assert no_spenders["fan_count"] == 1
    assert no_spenders["change"] is None
    assert no_spenders["description"] == ["Never spent anything"]
    assert no_spenders["fans_url"] == f"/onlyfans/fans/?account={account.pk}&segment={no_spenders['id']}"


def test_create_read_update_delete(logged_in, account):
    make_fan(account, subscription_status="expired")
    created = post(logged_in, SEGMENTS, {"account_id": account.pk, "name": "Lapsed", "definition": EXPIRED})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["name"], body["fan_count"], body["definition"]) == ("Lapsed", 1, EXPIRED)
    url = f"{SEGMENTS}/{body['id']}"
    assert logged_in.get(url).json()["fan_count"] == 1
    updated = put(logged_in, url, {"name": "Lapsed fans", "definition": {"rules": [{"kind": "no_spender"}]}})
    assert updated.status_code == 200
    assert updated.json()["name"] == "Lapsed fans"
    assert logged_in.delete(url).status_code == 204
    assert logged_in.get(url).status_code == 404


def test_preview_counts_and_samples_without_saving(logged_in, account):
    for cents in range(25):
        make_fan(account, spend_total_cents=cents * 100, subscription_status="expired")
    before = Segment.objects.count()
    response = post(logged_in, f"{SEGMENTS}/preview", {"account_id": account.pk, "definition": EXPIRED})
    assert response.status_code == 200
    body = response.json()
    assert body["fan_count"] == 25
    assert [fan["spend_total_cents"] for fan in body["sample"]] == [cents * 100 for cents in range(24, 4, -1)]
    assert Segment.objects.count() == before


@pytest.mark.parametrize(
    "definition",
    [
        {"rules": [{"kind": "new", "days": 0}]},
        {"rules": [{"kind": "unknown"}]},
        {"rules": []},
        {"rules": [{"kind": "whales"}]},
        {"rules": [{"kind": "tags", "match": "any", "tags": ["a\u0000"]}]},
        "rules",
    ],
)
def test_bad_definitions_are_a_422_listing_the_fields_and_save_nothing(logged_in, account, definition):
    before = Segment.objects.count()
    for response in (
        post(logged_in, SEGMENTS, {"account_id": account.pk, "name": "X", "definition": definition}),
        post(logged_in, f"{SEGMENTS}/preview", {"account_id": account.pk, "definition": definition}),
    ):
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "invalid"
        assert body["extra"]["errors"]
    assert Segment.objects.count() == before


def test_duplicate_names_are_a_409(logged_in, account):
    body = {"account_id": account.pk, "name": "Lapsed", "definition": EXPIRED}
    assert post(logged_in, SEGMENTS, body).status_code == 201
    response = post(logged_in, SEGMENTS, {**body, "name": "LAPSED"})
    assert response.status_code == 409
    assert response.json()["code"] == "segment_name_taken"


def test_names_are_bounded(logged_in, account):
    for name in ("", "x" * 81):
        response = post(logged_in, SEGMENTS, {"account_id": account.pk, "name": name, "definition": EXPIRED})
        assert response.status_code == 422


def test_a_huge_body_is_refused_before_any_work(logged_in, account):
    rules = [{"kind": "tags", "match": "any", "tags": ["x" * 50] * 20}] * 80
    response = post(
        logged_in, SEGMENTS, {"account_id": account.pk, "name": "Big", "definition": {"rules": rules}}
    )
    assert response.status_code == 413
    assert not Segment.objects.filter(name="Big").exists()


def test_chatters_read_and_preview_but_do_not_write(client, team, account, owner):
    chatter = make_member(team, "chatter", accounts=[account])
    segment = segment_create(user=owner, account_id=account.pk, name="Lapsed", definition=EXPIRED)
    client.force_login(chatter)
    assert client.get(SEGMENTS, {"account_id": account.pk}).status_code == 200
    assert client.get(f"{SEGMENTS}/{segment.pk}/fans").status_code == 200
    assert (
        post(client, f"{SEGMENTS}/preview", {"account_id": account.pk, "definition": EXPIRED}).status_code
        == 200
    )
    for response in (
        post(client, SEGMENTS, {"account_id": account.pk, "name": "Mine", "definition": EXPIRED}),
        put(client, f"{SEGMENTS}/{segment.pk}", {"name": "Renamed", "definition": EXPIRED}),
        client.delete(f"{SEGMENTS}/{segment.pk}"),
        put(client, "/api/onlyfans/segment-tiers", {"account_id": account.pk, "minimums_cents": None}),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    segment.refresh_from_db()
    assert segment.name == "Lapsed"


@pytest.mark.parametrize("auth", ["session", "token"])
def test_another_teams_segments_are_404(client, owner, account, auth):
    segment = segment_create(user=owner, account_id=account.pk, name="Lapsed", definition=EXPIRED)
    stranger = make_user()
    other_team = make_team("B", owner=stranger)
    headers = {}
    if auth == "session":
        client.force_login(stranger)
    else:
        headers = bearer(make_token_secret(stranger, other_team))
    for response in (
        client.get(SEGMENTS, {"account_id": account.pk}, headers=headers),
        client.get(f"{SEGMENTS}/{segment.pk}", headers=headers),
        client.get(f"{SEGMENTS}/{segment.pk}/fans", headers=headers),
        post(
            client, f"{SEGMENTS}/preview", {"account_id": account.pk, "definition": EXPIRED}, headers=headers
        ),
        post(
            client, SEGMENTS, {"account_id": account.pk, "name": "x", "definition": EXPIRED}, headers=headers
        ),
        put(client, f"{SEGMENTS}/{segment.pk}", {"name": "x", "definition": EXPIRED}, headers=headers),
        client.delete(f"{SEGMENTS}/{segment.pk}", headers=headers),
        client.get("/api/onlyfans/segment-tiers", {"account_id": account.pk}, headers=headers),
        put(
            client,
            "/api/onlyfans/segment-tiers",
            {"account_id": account.pk, "minimums_cents": None},
            headers=headers,
        ),
    ):
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "Not found.", "extra": {}}
    assert Segment.objects.get(pk=segment.pk).name == "Lapsed"


@pytest.mark.parametrize("small_segment", [0, 1000], ids=["along-the-spend-index", "read-whole-then-sorted"])
def test_the_fans_of_a_segment_page_by_spend_in_bounded_queries(
    logged_in, owner, account, django_assert_max_num_queries, monkeypatch, small_segment
):
    monkeypatch.setattr(selectors, "SMALL_SEGMENT", small_segment)
    fans = [make_fan(account, spend_total_cents=100 * i, subscription_status="expired") for i in range(1, 8)]
    make_fan(account, subscription_status="active", spend_total_cents=10**6)
    for fan in fans:
        fan_tags_set(user=owner, fan_id=fan.pk, tags=["vip", "late"])
    segment = segment_create(user=owner, account_id=account.pk, name="Lapsed", definition=EXPIRED)
    seen, cursor = [], None
    for _ in range(5):
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        with django_assert_max_num_queries(8):
            response = logged_in.get(f"{SEGMENTS}/{segment.pk}/fans", params)
        assert response.status_code == 200
        body = response.json()
        seen += [fan["id"] for fan in body["items"]]
        assert all(fan["tags"] == ["late", "vip"] for fan in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [fan.pk for fan in reversed(fans)]


def test_a_bad_cursor_is_a_422(logged_in, owner, account):
    segment = segment_create(user=owner, account_id=account.pk, name="Lapsed", definition=EXPIRED)
    response = logged_in.get(f"{SEGMENTS}/{segment.pk}/fans", {"cursor": "bm9wZQ"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_cursor"


def test_the_list_costs_a_fixed_number_of_queries(logged_in, owner, account, django_assert_max_num_queries):
    for i in range(10):
        segment_create(user=owner, account_id=account.pk, name=f"S{i}", definition=EXPIRED)
    with django_assert_max_num_queries(10):
        response = logged_in.get(SEGMENTS, {"account_id": account.pk})
    assert len(response.json()) == 10 + len(BuiltinSegment.values)


def test_spend_tiers_read_and_write(logged_in, team, account):
    tiers = "/api/onlyfans/segment-tiers"
    assert logged_in.get(tiers, {"account_id": account.pk}).json() == {
        "account_id": account.pk,
        "source": "default",
        "minimums_cents": {"bronze": 100, "silver": 5000, "gold": 20000, "platinum": 100000},
    }
    minimums = {"bronze": 1, "silver": 2, "gold": 3, "platinum": 4}
    assert put(logged_in, tiers, {"team_id": team.pk, "minimums_cents": minimums}).status_code == 204
    assert logged_in.get(tiers, {"account_id": account.pk}).json()["source"] == "team"
    for bad in (
        {"team_id": team.pk, "minimums_cents": {**minimums, "bronze": 3}},
        {"team_id": team.pk, "account_id": account.pk, "minimums_cents": minimums},
        {"minimums_cents": minimums},
        {"team_id": team.pk, "minimums_cents": {**minimums, "gold": "3"}},
    ):
        response = put(logged_in, tiers, bad)
        assert response.status_code == 422, bad
    assert logged_in.get(tiers, {"account_id": account.pk}).json()["minimums_cents"] == minimums


def test_the_fans_page_and_the_inbox_filter_by_a_segment(client, owner, account):
    from huntaze.inbox.models import Chat
    from huntaze.segments.selectors import segment_fans

    lapsed = make_fan(account, subscription_status="expired", display_name="Lapsed Lou")
    make_fan(account, subscription_status="active", display_name="Active Al")
    stranger = make_user()
    other = make_account(make_team("Elsewhere", owner=stranger))
    make_fan(other, subscription_status="expired", display_name="Elsewhere Eve")
    segment = segment_create(user=owner, account_id=account.pk, name="Lapsed", definition=EXPIRED)
    client.force_login(owner)
    html = client.get("/onlyfans/fans/", {"account": account.pk, "segment": segment.pk}).content.decode()
    assert "Lapsed Lou" in html
    assert "Active Al" not in html
    assert "Elsewhere Eve" not in html
    foreign = segment_create(user=stranger, account_id=other.pk, name="Theirs", definition=EXPIRED)
    assert client.get("/onlyfans/fans/", {"account": account.pk, "segment": foreign.pk}).status_code == 404
    chat = Chat.objects.create(account=account, fan=lapsed)
    Chat.objects.create(account=account, fan=make_fan(account, subscription_status="active"))
    chats = Chat.objects.filter(account=account, fan__in=segment_fans(user=owner, segment_id=segment.pk))
    assert list(chats) == [chat]


FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        ["new", "whales", "tags", "any", "bought", "queue:1", "message:1", "any", "all", "gold", "\x00"]
    ),
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
)
rule_keys = st.sampled_from(
    ["kind", "days", "on", "tier", "top_percent", "min_cents", "item", "match", "tags", "rules"]
)
rules = st.dictionaries(rule_keys, json_values, max_size=4)


@FUZZ
@given(definition=st.one_of(json_values, st.fixed_dictionaries({"rules": st.lists(rules, max_size=4)})))
def test_fuzzed_definitions_never_answer_5xx(logged_in, account, definition):
    for response in (
        post(logged_in, f"{SEGMENTS}/preview", {"account_id": account.pk, "definition": definition}),
        post(logged_in, SEGMENTS, {"account_id": account.pk, "name": "Fuzz", "definition": definition}),
    ):
        assert response.status_code < 500, response.content[:300]
        if response.status_code >= 400:
            assert set(response.json()) == {"code", "message", "extra"}
    Segment.objects.filter(name="Fuzz").delete()
