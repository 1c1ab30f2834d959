"""The segments page: list with counts and change, create with a live count, delete; roles,
tenants, empty and error states, escaping, bounded queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huntaze.core.tests.factories import make_account, make_fan, make_member, make_team, make_user
from huntaze.inbox.models import Chat, Message
from huntaze.segments.models import Segment, SegmentSnapshot
from huntaze.segments.selectors import account_today
from huntaze.segments.services import segment_create

pytestmark = pytest.mark.django_db
INDEX, CREATE, PREVIEW = reverse("segments:index"), reverse("segments:create"), reverse("segments:preview")
HTMX = {"HX-Request": "true"}
XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"
EXPIRED = {"rules": [{"kind": "expired"}]}


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_without_an_account_the_page_says_so(client, team):
    client.force_login(team.memberships.get(role="owner").user)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert b"No account to show" in response.content
    assert client.post(CREATE, {"name": "x", "expired": "on"}).status_code == 404


def test_the_page_lists_segments_with_count_change_and_a_link_to_their_fans(logged_in, owner, account):
    for _ in range(3):
        make_fan(account, subscription_status="expired")
    segment = segment_create(user=owner, account_id=account.pk, name="Lapsed", definition=EXPIRED)
    SegmentSnapshot.objects.create(
        segment=segment, date=account_today(account) - timedelta(days=1), fan_count=1
    )
    response = logged_in.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/onlyfans/fans/?account={account.pk}&amp;segment={segment.pk}"' in html
    assert "Subscription expired" in html
    assert '<span class="change-up">+2</span>' in html
    assert "New this week" in html  # the built-in segments, made on this first visit
    assert '"page">Segments</a>' in html


def test_create_saves_and_shows_the_new_segment(logged_in, account):
    make_fan(account, subscription_status="active", renew_on=False)
    response = logged_in.post(
        f"{CREATE}?account={account.pk}", {"name": "Not renewing", "renew": "off", "tag_match": "any"}
    )
    assert response.status_code == 302
    segment = Segment.objects.get(name="Not renewing")
    assert (segment.definition, segment.fan_count) == ({"rules": [{"kind": "renew", "on": False}]}, 1)
    page = logged_in.get(INDEX).content.decode()
    assert "Segment “Not renewing” saved." in page


def test_create_with_htmx_answers_the_region(logged_in, account):
    data = {"name": "Big", "whales_min": "150.50", "tags": "VIP, late ,", "tag_match": "all"}
    response = logged_in.post(f"{CREATE}?account={account.pk}", data, headers=HTMX)
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"data-notice" in response.content
    assert Segment.objects.get(name="Big").definition == {
        "rules": [
            {"kind": "whales", "min_cents": 15050},
            {"kind": "tags", "match": "all", "tags": ["late", "vip"]},
        ]
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "expired": "on"}, "This field is required."),
        ({"name": "Nothing"}, "Choose at least one rule."),
        (
            {"name": "Both", "whales_percent": "5", "whales_min": "10"},
            "Choose a top percentage or a minimum, not both.",
        ),
        ({"name": "Bad days", "new_days": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"name": "Bad tier", "spend_tier": "diamond"}, "Select a valid choice."),
        ({"name": "Bad item", "bought": "queue:1"}, "Select a valid choice."),
        ({"name": "Many tags", "tags": ",".join(f"t{i}" for i in range(21))}, "At most 20 tags."),
    ],
)
def test_a_refused_form_is_a_422_with_its_errors_and_input_kept(logged_in, account, data, message):
    before = Segment.objects.count()
    response = logged_in.post(f"{CREATE}?account={account.pk}", {"tag_match": "any", **data}, headers=HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    if data["name"]:
        assert f'value="{data["name"]}"' in html
    assert Segment.objects.count() == before + (0 if before else 5)  # the built-ins on first visit


def test_a_taken_name_is_refused_in_the_form(logged_in, owner, account):
    segment_create(user=owner, account_id=account.pk, name="Lapsed", definition=EXPIRED)
    response = logged_in.post(
        f"{CREATE}?account={account.pk}", {"name": "lapsed", "expired": "on", "tag_match": "any"}
    )
    assert response.status_code == 422
    assert "This account already has a segment with this name." in response.content.decode()


def test_the_live_preview_counts_without_saving(logged_in, account):
    make_fan(account, subscription_status="expired", display_name="Gone Gina", spend_total_cents=250)
    make_fan(account, subscription_status="active")
    before = Segment.objects.count()
    response = logged_in.post(
        f"{PREVIEW}?account={account.pk}", {"expired": "on", "tag_match": "any"}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 fan matches these rules now." in html
    assert "Gone Gina" in html
    assert "$2.50" in html
    assert Segment.objects.count() == before
    empty = logged_in.post(f"{PREVIEW}?account={account.pk}", {"tag_match": "any"}, headers=HTMX)
    assert empty.status_code == 422
    assert "Choose at least one rule." in empty.content.decode()


def test_the_preview_without_javascript_keeps_the_form(logged_in, account):
    make_fan(account, subscription_status="expired")
    response = logged_in.post(
        f"{PREVIEW}?account={account.pk}", {"name": "Draft", "expired": "on", "tag_match": "any"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 fan matches these rules now." in html
    assert 'value="Draft"' in html
    assert not Segment.objects.filter(name="Draft").exists()


def test_the_bought_choice_lists_recent_ppv_items(logged_in, account):
    fan = make_fan(account)
    chat = Chat.objects.create(account=account, fan=fan)
    now = timezone.now()
    for i, raw in enumerate(({"queueId": 77}, {"queueId": 77}, {})):
        Message.objects.create(
            account=account, chat=chat, fan=fan, onlyfans_id=900 + i, direction="outgoing",
            sent_at=now - timedelta(minutes=i), price_cents=999, is_free=False, text=f"Set {i}", raw=raw,
            is_purchased=i == 0,
        )  # fmt: skip
    html = logged_in.get(INDEX).content.decode()
    assert html.count('value="queue:77"') == 2  # bought and never bought, once each
    assert 'value="message:902"' in html
    response = logged_in.post(
        f"{CREATE}?account={account.pk}", {"name": "Bought set", "bought": "queue:77", "tag_match": "any"}
    )
    assert response.status_code == 302
    assert Segment.objects.get(name="Bought set").fan_count == 1


def test_delete_removes_the_segment(logged_in, owner, account):
    segment = segment_create(user=owner, account_id=account.pk, name="Lapsed", definition=EXPIRED)
    response = logged_in.post(reverse("segments:delete", args=[segment.pk]), headers=HTMX)
    assert response.status_code == 200
    assert "Segment deleted." in response.content.decode()
    assert not Segment.objects.filter(pk=segment.pk).exists()


def test_chatters_see_the_counts_but_no_form_and_cannot_write(client, owner, team, account):
    segment = segment_create(user=owner, account_id=account.pk, name="Lapsed", definition=EXPIRED)
    client.force_login(make_member(team, "chatter", accounts=[account]))
    html = client.get(INDEX).content.decode()
    assert "Lapsed" in html
    assert 'id="segment-form"' not in html
    assert "Only owners and managers can create or delete segments." in html
    assert client.post(CREATE, {"name": "Mine", "expired": "on", "tag_match": "any"}).status_code == 403
    assert client.post(PREVIEW, {"expired": "on", "tag_match": "any"}, headers=HTMX).status_code == 403
    assert client.post(reverse("segments:delete", args=[segment.pk])).status_code == 403
    assert Segment.objects.filter(pk=segment.pk).exists()


def test_another_tenants_segment_cannot_be_deleted(client, owner, account):
    segment = segment_create(user=owner, account_id=account.pk, name="Lapsed", definition=EXPIRED)
    stranger = make_user()
    make_account(make_team("B", owner=stranger))
    client.force_login(stranger)
    assert client.post(reverse("segments:delete", args=[segment.pk])).status_code == 404
    assert client.post(reverse("segments:delete", args=[segment.pk]), headers=HTMX).status_code == 404
    # ``?account=`` of another tenant falls back to the user's own account.
    assert "Lapsed" not in client.get(f"{INDEX}?account={account.pk}").content.decode()
    assert Segment.objects.filter(pk=segment.pk).exists()


def test_segment_names_and_fan_names_are_escaped(logged_in, owner, account):
    make_fan(account, subscription_status="expired", display_name=XSS, username="<b>u</b>")
    segment_create(user=owner, account_id=account.pk, name=XSS, definition=EXPIRED)
    Segment.objects.filter(name=XSS).update(
        definition={"rules": [{"kind": "tags", "match": "any", "tags": ["<script>alert(1)</script>"]}]}
    )
    preview, create = f"{PREVIEW}?account={account.pk}", f"{CREATE}?account={account.pk}"
    pages = [
        logged_in.get(INDEX).content.decode(),
        logged_in.post(preview, {"expired": "on", "tag_match": "any"}, headers=HTMX).content.decode(),
        logged_in.post(
            create, {"name": XSS, "expired": "on", "tag_match": "any"}, headers=HTMX
        ).content.decode(),
        logged_in.post(preview, {"tags": XSS, "tag_match": "any"}, headers=HTMX).content.decode(),
    ]
    for html in pages:
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "<b>u</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0]
    assert "&lt;img src=x onerror=alert(2)&gt;" in pages[1]


def test_the_page_costs_a_fixed_number_of_queries(logged_in, owner, account, django_assert_max_num_queries):
    for i in range(15):
        segment_create(user=owner, account_id=account.pk, name=f"Segment {i}", definition=EXPIRED)
    with django_assert_max_num_queries(16):
        response = logged_in.get(INDEX)
    assert response.status_code == 200
    assert response.content.decode().count('class="segment-name"') == 20
