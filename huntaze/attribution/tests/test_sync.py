"""After a real sync (the simulator over HTTP) every PPV purchase and tip is credited, and PPV
purchases are matched to the synced PPV message they unlocked."""

from __future__ import annotations

from huntaze.attribution.models import SaleAttribution
from huntaze.attribution.services import ATTRIBUTED_KINDS
from huntaze.earnings.models import EarningKind, EarningsEntry
from huntaze.sync.models import RunStatus
from huntaze.sync.tests.conftest import sync


def test_a_successful_sync_credits_every_ppv_purchase_and_tip(sim_account):
    run = sync(sim_account)

    assert run.status == RunStatus.SUCCEEDED
    sales = EarningsEntry.objects.filter(account=sim_account, kind__in=ATTRIBUTED_KINDS)
    rows = SaleAttribution.objects.filter(account=sim_account)
    assert rows.count() == sales.count() > 0
    # Nothing was sent through Huntaze: nobody is credited, but the bought PPVs are found.
    assert not rows.filter(chatter__isnull=False).exists()
    purchases = rows.filter(entry__kind=EarningKind.MESSAGE)
    linked = purchases.filter(message__isnull=False)
    assert linked.count() >= 0.9 * purchases.count() > 0
    for row in linked.select_related("entry", "message")[:50]:
        assert row.message.fan_id == row.entry.fan_id
        assert row.message.price_cents == row.entry.gross_cents
        assert row.message.sent_at <= row.entry.occurred_at
