"""Campaign API: scripts read and cancel; only a logged-in human approves."""

from __future__ import annotations

import json

import pytest

from huntaze.api.tests.conftest import bearer
from huntaze.campaigns.models import Campaign
from huntaze.campaigns.tests.conftest import chat_fans, received, tag, vip_segment
from huntaze.core.tests.factories import make_team, make_token_secret, make_user
from huntaze.inbox.models import OutboundMessage

pytestmark = pytest.mark.django_db(transaction=True)
API = "/api/onlyfans"


def post(client, url, body=None, **kwargs):
    return client.post(url, json.dumps(body or {}), content_type="application/json", **kwargs)


def test_create_review_approve_and_read_results(client, owner, team, synced, simulator):
    fans = chat_fans(synced, 3)
    tag(owner, fans, "vip")
    segment = vip_segment(owner, synced)
    token = bearer(make_token_secret(owner, team))
    body = {
        "account_id": synced.pk,
        "name": "API",
        "segment_id": segment.pk,
        "text": "Hey 👋",
        "exclusions": {"tags": ["x"]},
    }
    created = post(client, f"{API}/campaigns", body, headers=token)
    assert created.status_code == 201, created.content
    campaign_id = created.json()["id"]
    review = client.get(f"{API}/campaigns/{campaign_id}/review", headers=token).json()
    assert review["recipient_count"] == 3
    approve = {"approved": True, "recipient_count_seen": 3}
    refused = post(client, f"{API}/campaigns/{campaign_id}/approve", approve, headers=token)
    assert (refused.status_code, refused.json()["code"]) == (403, "approval_outside_request")
    assert not OutboundMessage.objects.exists()

    client.force_login(owner)
    assert (
        post(client, f"{API}/campaigns/{campaign_id}/approve", {**approve, "approved": "true"}).status_code
        == 422
    )
    done = post(client, f"{API}/campaigns/{campaign_id}/approve", approve)
    assert done.status_code == 200, done.content
    detail = client.get(f"{API}/campaigns/{campaign_id}", headers=token).json()
    assert (detail["status"], detail["approved_by"], detail["progress"]["sent"]) == (
        "done",
        owner.username,
        3,
    )
    page = client.get(f"{API}/campaigns/{campaign_id}/recipients", {"limit": 2}, headers=token).json()
    assert [item["status"] for item in page["items"]] == ["sent", "sent"]
    assert page["next_cursor"]
    assert len(received(simulator)) == 3
    listed = client.get(f"{API}/campaigns", {"account_id": synced.pk}, headers=token).json()
    assert [c["id"] for c in listed] == [campaign_id]


def test_bad_input_is_a_422_and_other_tenants_a_404(client, owner, synced):
    segment = vip_segment(owner, synced)
    client.force_login(owner)
    base = {"account_id": synced.pk, "name": "x", "segment_id": segment.pk, "text": "hi"}
    for bad in (
        {"price_cents": -5},
        {"price_cents": "5"},
        {"text": ""},
        {"exclusions": {"tags": [""]}},
        {"text": "a\x00"},
    ):
        assert post(client, f"{API}/campaigns", {**base, **bad}).status_code == 422
    campaign = Campaign.objects.create(
        account=synced, name="c", segment=segment, segment_name=segment.name, text="hi"
    )
    stranger = make_user("stranger")
    make_team("Team B", owner=stranger)
    client.force_login(stranger)
    for response in (
        client.get(f"{API}/campaigns/{campaign.pk}"),
        client.get(f"{API}/campaigns/{campaign.pk}/review"),
        client.get(f"{API}/campaigns", {"account_id": synced.pk}),
        client.get(f"{API}/scheduled", {"account_id": synced.pk}),
        client.get(f"{API}/sequence-drafts", {"account_id": synced.pk}),
        post(client, f"{API}/campaigns/{campaign.pk}/approve", {"approved": True, "recipient_count_seen": 0}),
        post(client, f"{API}/campaigns/{campaign.pk}/cancel"),
        post(client, f"{API}/campaigns", base),
    ):
        assert response.status_code == 404, response.content
    assert Campaign.objects.get().status == "draft"
