"""Credits are account data: exported, and imported back with their people matched by username."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from huntaze.accounts.services import account_disconnect
from huntaze.attribution.models import SaleAttribution
from huntaze.attribution.services import attribution_reassign, attributions_refresh
from huntaze.exports.services.importing import export_import
from huntaze.exports.tests.helpers import export_now, export_path, jsonl_rows


def _credits(account_id: int) -> set[tuple]:
    return set(
        SaleAttribution.objects.filter(account_id=account_id).values_list(
            "entry__onlyfans_id",
            "chatter__username",
            "model",
            "message__onlyfans_id",
            "reassigned",
            "reason",
            "reassigned_by__username",
        )
    )


@pytest.mark.django_db(transaction=True)
def test_credits_round_trip_with_users_matched(story, team, tmp_path):
    attributions_refresh(account_id=story.account.pk)
    row = SaleAttribution.objects.get(entry=story.ppv)
    attribution_reassign(user=story.owner, attribution_id=row.pk, chatter_id=story.b.pk, reason="=cmd|deal")
    before = _credits(story.account.pk)
    assert len(before) == 3
    source = export_path(export_now(story.owner, story.account))
    path = Path(shutil.copy(source, tmp_path / "downloaded.zip"))
    exported = jsonl_rows(path, "attribution.saleattribution")
    assert sorted(item["chatter_username"] or "" for item in exported) == [
        "",
        story.b.username,
        story.b.username,
    ]
    account_disconnect(user=story.owner, account_id=story.account.pk, delete_data=True)
    assert not SaleAttribution.objects.exists()

    result = export_import(path=path, team=team)

    assert _credits(result.account.pk) == before
    assert result.unmatched_users == []
