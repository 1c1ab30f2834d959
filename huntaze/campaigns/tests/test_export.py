"""Campaign and sequence rows go through the account export and come back on import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from huntaze.accounts.services import account_disconnect
from huntaze.campaigns.choices import SequenceKind
from huntaze.campaigns.models import Campaign, CampaignRecipient, SequenceDraft
from huntaze.campaigns.services import campaign_send, sequence_save, sequences_tick
from huntaze.campaigns.tests.conftest import chat_fans, human_request, vip_campaign
from huntaze.exports.services.importing import export_import
from huntaze.exports.tests.helpers import export_now, export_path, table_counts
from huntaze.inbox.exceptions import OutboundNotSendableError
from huntaze.inbox.sending import campaign_approve

pytestmark = pytest.mark.django_db(transaction=True)
TABLES = (
    "campaigns.campaign",
    "campaigns.campaignrecipient",
    "campaigns.sequence",
    "campaigns.sequenceenrollment",
    "campaigns.sequencedraft",
)


def test_campaigns_and_sequences_survive_an_export_round_trip(owner, team, synced, simulator, tmp_path):
    campaign = vip_campaign(owner, synced, name="Round trip", text="Hi there")
    fans = chat_fans(synced, 2)
    campaign_approve(
        request=human_request(owner), campaign_id=campaign.pk, approved=True, recipient_count_seen=2
    )
    campaign_send(campaign_id=campaign.pk)
    sequence_save(
        user=owner,
        account_id=synced.pk,
        kind=SequenceKind.WINBACK,
        active=True,
        steps=[{"delay_hours": 0, "text": "Come back"}],
    )
    fans[0].subscription_status, fans[0].expires_at = "expired", timezone.now()
    fans[0].save(update_fields=["subscription_status", "expires_at"])
    assert sequences_tick() == 1
    before = {name: count for name, count in table_counts(synced.pk).items() if name in TABLES}
    assert before == dict.fromkeys(TABLES, 1) | {"campaigns.campaignrecipient": 2}
    path = Path(shutil.copy(export_path(export_now(owner, synced)), tmp_path / "export.zip"))
    account_disconnect(user=owner, account_id=synced.pk, delete_data=True)
    assert not Campaign.objects.exists()

    result = export_import(path=path, team=team)

    after = {name: count for name, count in table_counts(result.account.pk).items() if name in TABLES}
    assert after == before
    imported = Campaign.objects.get()
    assert (imported.approved_by, imported.recipient_count, imported.status) == (owner, 2, "done")
    for row in CampaignRecipient.objects.select_related("outbound"):
        with pytest.raises(OutboundNotSendableError):  # an imported approval never sends again
            row.outbound.assert_sendable()
    assert SequenceDraft.objects.get().text == "Come back"
