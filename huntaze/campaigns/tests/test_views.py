"""The campaign, scheduled-message and sequence pages, and the composer's send time."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from huntaze.accounts.choices import Role
from huntaze.analytics.window import account_tz
from huntaze.campaigns.choices import CampaignStatus, SequenceKind
from huntaze.campaigns.models import Campaign, SequenceDraft
from huntaze.campaigns.services import sequence_save, sequences_tick
from huntaze.campaigns.tests.conftest import chat_fans, received, tag, vip_campaign, vip_segment
from huntaze.core.tests.factories import make_fan, make_member, make_team, make_user
from huntaze.inbox.choices import OutboundStatus
from huntaze.inbox.models import OutboundMessage

pytestmark = pytest.mark.django_db(transaction=True)
XSS = "<script>alert(1)</script>"


@pytest.fixture
def hostile(owner, synced):
    return vip_campaign(owner, synced, name=f"Spring {XSS}", text=f"Hi {XSS} love")


def test_compose_review_approve_and_watch_progress(client, owner, synced, simulator):
    segment = vip_segment(owner, synced)
    fans = chat_fans(synced, 2)
    tag(owner, fans, "vip")
    client.force_login(owner)
    page = client.get(reverse("campaigns:index"), {"account": synced.pk})
    assert page.status_code == 200
    assert b"New campaign" in page.content
    response = client.post(
        f"{reverse('campaigns:create')}?account={synced.pk}",
        {"name": "Spring", "segment": segment.pk, "text": "Hello you", "price": "", "exclude_tags": "x"},
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    review = client.get(response["Location"]).content.decode()
    assert "2 recipients now" in review
    assert 'name="recipient_count_seen" value="2"' in review
    url = reverse("campaigns:approve", args=[campaign.pk])
    assert client.post(url, {"recipient_count_seen": 2}).status_code == 422  # no explicit approval
    changed = client.post(url, {"recipient_count_seen": 1, "approved": "true"})
    assert changed.status_code == 409
    assert b"check them again" in changed.content
    assert client.post(url, {"recipient_count_seen": 2, "approved": "true"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DONE  # Huey runs tasks at once in the tests
    progress = client.get(reverse("campaigns:progress", args=[campaign.pk])).content.decode()
    assert "2 of 2 handled: 2 sent, 0 failed, 0 cancelled." in progress
    assert "hx-trigger" not in progress  # finished: the page stops polling
    assert sorted(r["userId"] for r in received(simulator)) == sorted(f.onlyfans_id for f in fans)


def test_hostile_text_is_escaped(client, owner, hostile):
    client.force_login(owner)
    html = client.get(reverse("campaigns:detail", args=[hostile.pk])).content.decode()
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert XSS not in client.get(reverse("campaigns:index"), {"account": hostile.account_id}).content.decode()


def test_other_tenants_get_404_and_chatters_cannot_approve(client, team, owner, synced, hostile, simulator):
    stranger = make_user("stranger")
    make_team("Team B", owner=stranger)
    client.force_login(stranger)
    for response in (
        client.get(reverse("campaigns:detail", args=[hostile.pk])),
        client.get(reverse("campaigns:progress", args=[hostile.pk])),
        client.post(
            reverse("campaigns:approve", args=[hostile.pk]),
            {"recipient_count_seen": 2, "approved": "true"},
        ),
        client.post(reverse("campaigns:cancel", args=[hostile.pk])),
    ):
        assert response.status_code == 404
    chatter = make_member(team, Role.CHATTER, accounts=[synced])
    client.force_login(chatter)
    detail = client.get(reverse("campaigns:detail", args=[hostile.pk]))
    assert detail.status_code == 200
    assert b"Approve and send" not in detail.content
    approve = client.post(
        reverse("campaigns:approve", args=[hostile.pk]), {"recipient_count_seen": 2, "approved": "true"}
    )
    assert approve.status_code == 403
    assert client.post(reverse("campaigns:cancel", args=[hostile.pk])).status_code == 403
    assert (
        b"Only owners and managers" in client.get(reverse("campaigns:index"), {"account": synced.pk}).content
    )
    assert not OutboundMessage.objects.exists()
    assert received(simulator) == []


def test_the_composer_schedules_in_the_account_time_zone_and_the_list_cancels(
    client, owner, synced, chat, simulator
):
    synced.timezone = "Europe/Paris"
    synced.save(update_fields=["timezone"])
    client.force_login(owner)
    composer = client.get(reverse("inbox:chat", args=[chat.pk])).content.decode()
    assert 'name="send_at" type="datetime-local"' in composer
    local = (
        (timezone.now() + timedelta(days=1)).astimezone(account_tz(synced)).replace(second=0, microsecond=0)
    )
    response = client.post(
        reverse("inbox:send", args=[chat.pk]),
        {
            "text": "Tomorrow 😘",
            "idempotency_key": uuid4().hex,
            "approved": "true",
            "send_at": local.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert b"Scheduled for" in response.content
    outbound = OutboundMessage.objects.get()
    assert outbound.send_at == local  # 24 h ahead, as typed in Paris time
    assert received(simulator) == []

    listing = client.get(reverse("campaigns:scheduled"), {"account": synced.pk}).content.decode()
    assert local.strftime("%Y-%m-%d %H:%M") in listing
    assert "Tomorrow" in listing
    assert client.post(reverse("campaigns:scheduled_cancel", args=[outbound.pk])).status_code == 302
    outbound.refresh_from_db()
    assert outbound.status == OutboundStatus.CANCELLED


def test_editing_a_scheduled_message_needs_a_new_approval(client, owner, synced, chat):
    client.force_login(owner)
    local = (timezone.now() + timedelta(days=1)).astimezone(account_tz(synced))
    client.post(
        reverse("inbox:send", args=[chat.pk]),
        {
            "text": "v1",
            "idempotency_key": uuid4().hex,
            "approved": "true",
            "send_at": local.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    old = OutboundMessage.objects.get()
    url = reverse("campaigns:scheduled_edit", args=[old.pk])
    form = client.get(url).content.decode()
    assert "v1" in form
    body = {"text": "v2", "send_at": local.strftime("%Y-%m-%dT%H:%M"), "idempotency_key": uuid4().hex}
    assert client.post(url, body).status_code == 422  # no approval: nothing changes
    old.refresh_from_db()
    assert old.status == OutboundStatus.APPROVED
    assert client.post(url, {**body, "approved": "true"}).status_code == 302
    old.refresh_from_db()
    new = OutboundMessage.objects.exclude(pk=old.pk).get()
    assert (old.status, new.text, new.status) == (OutboundStatus.CANCELLED, "v2", OutboundStatus.APPROVED)


def test_the_draft_queue_approves_checked_drafts_and_chatters_may_use_it(
    client, owner, team, synced, simulator
):
    sequence_save(
        user=owner,
        account_id=synced.pk,
        kind=SequenceKind.WINBACK,
        active=True,
        steps=[{"delay_hours": 0, "text": "Miss you {fan_name} " + XSS}],
    )
    fans = chat_fans(synced, 2)
    for fan in fans:
        fan.subscription_status, fan.expires_at = "expired", timezone.now() + timedelta(seconds=1)
        fan.save(update_fields=["subscription_status", "expires_at"])
    sequences_tick(now=timezone.now() + timedelta(seconds=2))
    drafts = list(SequenceDraft.objects.order_by("pk"))
    assert len(drafts) == 2
    chatter = make_member(team, Role.CHATTER, accounts=[synced])
    client.force_login(chatter)
    page = client.get(reverse("campaigns:sequences"), {"account": synced.pk}).content.decode()
    assert XSS not in page
    assert f'name="draft_ids" value="{drafts[0].pk}"' in page
    url = f"{reverse('campaigns:drafts_approve')}?account={synced.pk}"
    assert client.post(url, {"draft_ids": [drafts[0].pk]}).status_code == 422  # approved=true missing
    assert client.post(url, {"draft_ids": [drafts[0].pk], "approved": "true"}).status_code == 302
    (sent,) = received(simulator)
    assert sent["userId"] == drafts[0].fan.onlyfans_id
    assert (
        client.post(
            reverse("campaigns:sequence_save"), {"kind": "welcome", "welcome-kind": "welcome"}
        ).status_code
        == 403
    )
    stranger = make_user("stranger")
    make_team("Team B", owner=stranger)
    client.force_login(stranger)
    assert client.post(url, {"draft_ids": [drafts[1].pk], "approved": "true"}).status_code == 404
    assert len(received(simulator)) == 1


def test_the_sequences_page_saves_a_welcome_series_from_the_preset(client, owner, account):
    client.force_login(owner)
    response = client.post(
        f"{reverse('campaigns:sequence_save')}?account={account.pk}",
        {"kind": "welcome", "welcome-kind": "welcome", "welcome-active": "on"},
    )
    assert response.status_code == 302
    page = client.get(reverse("campaigns:sequences"), {"account": account.pk}).content.decode()
    assert "Welcome series" in page
    make_fan(account)  # nothing due: no drafts
    assert "No drafts waiting." in page
