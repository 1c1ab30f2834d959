"""Bulk tagging from the fans table: all or nothing, scoped, capped, audited, CSRF-protected."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import make_account, make_fan, make_member, make_team
from huntaze.fans.models import Fan, Tag
from huntaze.fans.services import BULK_TAG_FANS_MAX, TAGS_PER_FAN_MAX, fan_tags_set

BULK = reverse("fans:bulk_tag")
LIST = reverse("fans:list")
HTMX = {"HX-Request": "true"}


def tags_of(fan: Fan) -> list[str]:
    return sorted(fan.tags.values_list("name", flat=True))


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def fans(account):
    return [make_fan(account) for _ in range(3)]


def test_add_then_remove_a_tag_on_the_checked_fans(logged_in, fans):
    a, b, untouched = fans
    response = logged_in.post(BULK, {"fan": [a.pk, b.pk], "tag": " Whale ", "action": "add"})
    assert response.status_code == 302
    assert (tags_of(a), tags_of(b), tags_of(untouched)) == (["whale"], ["whale"], [])
    page = logged_in.get(response["Location"]).content.decode()
    assert "Tag &quot;whale&quot; added to 2 fans." in page

    response = logged_in.post(BULK, {"fan": [a.pk], "tag": "whale", "action": "remove"})
    assert response.status_code == 302
    assert (tags_of(a), tags_of(b)) == ([], ["whale"])


def test_each_changed_fan_is_audited_like_a_single_tag_edit(logged_in, owner, fans):
    a, b, _ = fans
    fan_tags_set(user=owner, fan_id=a.pk, tags=["old"])
    logged_in.post(BULK, {"fan": [a.pk, b.pk], "tag": "new", "action": "add"})
    events = AuditEvent.objects.filter(action="fan.tags_set").order_by("pk")
    assert [(e.target_id, e.before, e.after) for e in events[1:]] == [
        (str(a.pk), {"tags": ["old"]}, {"tags": ["new", "old"]}),
        (str(b.pk), {"tags": []}, {"tags": ["new"]}),
    ]
    assert {e.actor_id for e in events} == {owner.pk}
    # Adding a tag a fan already has changes nothing and records nothing.
    logged_in.post(BULK, {"fan": [a.pk], "tag": "new", "action": "add"})
    assert AuditEvent.objects.filter(action="fan.tags_set").count() == 3


def test_the_redirect_goes_back_to_the_same_list(logged_in, fans):
    next_query = "status=active&sort=name&dir=asc&evil=https://x.test"
    response = logged_in.post(BULK, {"fan": [fans[0].pk], "tag": "x", "action": "add", "next": next_query})
    assert response["Location"] == f"{LIST}?sort=name&dir=asc&status=active"


def test_htmx_gets_the_refreshed_region_with_the_notice(logged_in, fans):
    response = logged_in.post(
        BULK, {"fan": [fans[0].pk], "tag": "vip", "action": "add"}, headers=HTMX, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "data-notice" in html
    assert "added to 1 fan." in html
    assert "vip" in html


def test_a_fan_of_another_tenant_is_404_and_nothing_changes(logged_in, fans):
    foreign = make_fan(make_account(make_team("B")))
    response = logged_in.post(BULK, {"fan": [fans[0].pk, foreign.pk], "tag": "grab", "action": "add"})
    assert response.status_code == 404
    assert tags_of(fans[0]) == []
    assert tags_of(foreign) == []
    assert not Tag.objects.filter(name="grab").exists()
    assert not AuditEvent.objects.filter(action="fan.tags_set").exists()


def test_an_unknown_fan_id_is_404(logged_in, fans):
    assert logged_in.post(BULK, {"fan": [fans[0].pk, 10**15], "tag": "x", "action": "add"}).status_code == 404
    assert tags_of(fans[0]) == []


def test_more_fans_than_the_cap_is_a_422_and_nothing_changes(logged_in, account):
    ids = list(
        Fan.objects.bulk_create(Fan(account=account, onlyfans_id=i) for i in range(BULK_TAG_FANS_MAX + 1))
    )
    response = logged_in.post(BULK, {"fan": [fan.pk for fan in ids], "tag": "many", "action": "add"})
    assert response.status_code == 422
    assert f"at most {BULK_TAG_FANS_MAX} fans" in response.content.decode()
    assert not Tag.objects.filter(name="many").exists()


@pytest.mark.parametrize(
    ("fan", "tag", "action", "message"),
    [
        (None, "x", "add", "Select at least one fan."),
        ("abc", "x", "add", "A selected fan is not valid"),
        ("-4", "x", "add", "A selected fan is not valid"),
        (str(2**63), "x", "add", "A selected fan is not valid"),
        ("valid", "", "add", "This field is required."),
        ("valid", "   ", "add", "This field is required."),
        ("valid", "x" * 51, "add", "at most 50 characters"),
        ("valid", "x", "delete_all", "Select a valid choice"),
    ],
)
def test_bad_input_is_a_422_with_a_clear_message(logged_in, fans, fan, tag, action, message):
    data = {"tag": tag, "action": action}
    if fan is not None:
        data["fan"] = [str(fans[0].pk) if fan == "valid" else fan]
    response = logged_in.post(BULK, data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert tags_of(fans[0]) == []


def test_htmx_errors_are_a_fragment_for_the_toolbar(logged_in, fans):
    response = logged_in.post(BULK, {"tag": "x", "action": "add"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in html
    assert 'role="alert"' in html
    assert "Select at least one fan." in html


def test_a_fan_at_the_tag_limit_refuses_one_more_for_everyone(logged_in, owner, fans):
    full, other, _ = fans
    fan_tags_set(user=owner, fan_id=full.pk, tags=[f"t{i}" for i in range(TAGS_PER_FAN_MAX)])
    response = logged_in.post(BULK, {"fan": [full.pk, other.pk], "tag": "extra", "action": "add"})
    assert response.status_code == 422
    assert tags_of(other) == []
    # Removing from a full fan is fine.
    assert logged_in.post(BULK, {"fan": [full.pk], "tag": "t0", "action": "remove"}).status_code == 302


def test_a_chatter_may_tag_fans_of_assigned_accounts_only(client, team, account):
    other = make_account(team, username="other_creator")
    mine, theirs = make_fan(account), make_fan(other)
    client.force_login(make_member(team, "chatter", accounts=[account]))
    assert client.post(BULK, {"fan": [mine.pk], "tag": "hot", "action": "add"}).status_code == 302
    assert tags_of(mine) == ["hot"]
    assert client.post(BULK, {"fan": [theirs.pk], "tag": "hot", "action": "add"}).status_code == 404
    assert tags_of(theirs) == []


def test_tags_land_on_each_fans_own_account(logged_in, team, account):
    second = make_account(team, username="second_creator")
    here, there = make_fan(account), make_fan(second)
    logged_in.post(BULK, {"fan": [here.pk, there.pk], "tag": "both", "action": "add"})
    assert sorted(Tag.objects.filter(name="both").values_list("account_id", flat=True)) == sorted(
        [account.pk, second.pk]
    )


def test_bulk_tagging_needs_the_csrf_token_and_a_post(owner, fans):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(BULK, {"fan": [fans[0].pk], "tag": "x", "action": "add"}).status_code == 403
    assert client.get(BULK).status_code == 405
    assert tags_of(fans[0]) == []


def test_the_notice_escapes_the_tag(logged_in, fans):
    response = logged_in.post(BULK, {"fan": [fans[0].pk], "tag": "<b>x</b>", "action": "add"}, follow=True)
    html = response.content.decode()
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
