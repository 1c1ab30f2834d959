"""Every job of campaigns, schedules and sequences, run on an account full of drafts, sends
nothing: only rows a named human approved in their own request reach the connector."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from huntaze.campaigns.choices import SequenceKind
from huntaze.campaigns.models import SequenceDraft
from huntaze.campaigns.services import sequence_save
from huntaze.campaigns.tasks import (
    campaign_send_task,
    campaigns_resume_task,
    outbounds_send_task,
    scheduled_send_due_task,
    sequences_tick_task,
)
from huntaze.campaigns.tests.conftest import chat_fans, human_request, received, vip_campaign
from huntaze.inbox.models import OutboundMessage
from huntaze.inbox.sending import campaign_approve

pytestmark = pytest.mark.django_db(transaction=True)


def test_jobs_send_nothing_that_no_human_approved(owner, synced, simulator, clock):
    campaign = vip_campaign(owner, synced, name="Draft only", text="Not approved")
    fans = chat_fans(synced, 2)
    sequence_save(
        user=owner,
        account_id=synced.pk,
        kind=SequenceKind.WINBACK,
        active=True,
        steps=[{"delay_hours": 0, "text": "Come back"}],
    )
    fans[0].subscription_status, fans[0].expires_at = "expired", timezone.now()
    fans[0].save(update_fields=["subscription_status", "expires_at"])
    clock.advance(minutes=1)
    for _ in range(2):
        sequences_tick_task.call_local()
        scheduled_send_due_task.call_local()
        campaigns_resume_task.call_local()
        campaign_send_task.call_local(campaign.pk)
        outbounds_send_task.call_local(list(SequenceDraft.objects.values_list("pk", flat=True)))
    assert SequenceDraft.objects.count() == 1
    assert not OutboundMessage.objects.exists()
    assert received(simulator) == []


def test_the_progress_fragment_polls_while_the_campaign_sends(client, owner, synced, simulator):
    campaign = vip_campaign(owner, synced, name="Polling", text="Hi")
    campaign_approve(
        request=human_request(owner), campaign_id=campaign.pk, approved=True, recipient_count_seen=2
    )
    client.force_login(owner)  # approved, not sent yet (the job has not run)
    fragment = client.get(reverse("campaigns:progress", args=[campaign.pk])).content.decode()
    assert 'hx-trigger="every 3s"' in fragment
    assert "0 of 2 handled" in fragment
    assert received(simulator) == []
