"""Per-fan PPV price guidance: what the fan paid, what they left locked, the preset's band."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huntaze.attribution.selectors import PriceRange, fan_ppv_price_guidance
from huntaze.attribution.tests.conftest import chat_of, synced
from huntaze.core.exceptions import NotFoundError
from huntaze.core.tests.factories import make_fan, make_member, make_team, make_user
from huntaze.inbox.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def priced_fan(account):
    """Bought 25, 10 and 15 dollars; left 20 locked for 5 days. A 30 sent yesterday is not declined
    yet, a 40 was unsent, and a free message is no PPV."""
    fan = make_fan(account, display_name="Priced", spend_total_cents=5000)
    now = timezone.now()
    for days, cents in ((30, 2500), (20, 1000), (10, 1500)):
        synced(fan, at=now - timedelta(days=days), price_cents=cents, bought=True)
    synced(fan, at=now - timedelta(days=5), price_cents=2000)
    synced(fan, at=now - timedelta(days=1), price_cents=3000)
    unsent = synced(fan, at=now - timedelta(days=6), price_cents=4000)
    Message.objects.filter(pk=unsent.pk).update(is_deleted=True)
    synced(fan, at=now - timedelta(days=6))
    return fan


def test_guidance_gives_paid_and_declined_ranges_beside_the_preset_band(owner, priced_fan):
    guidance = fan_ppv_price_guidance(user=owner, fan_id=priced_fan.pk)
    assert guidance.paid == PriceRange(count=3, min_cents=1000, median_cents=1500, max_cents=2500)
    assert guidance.declined == PriceRange(count=1, min_cents=2000, median_cents=2000, max_cents=2000)
    # $50 spent puts the fan in the default (gfe) preset's "regular" band: the standard tier.
    assert (guidance.band_name, guidance.tier) == ("regular", "standard")
    assert (guidance.tier_min_cents, guidance.tier_max_cents) == (1200, 2000)


def test_guidance_of_a_fan_without_ppvs_is_empty(owner, account):
    guidance = fan_ppv_price_guidance(user=owner, fan_id=make_fan(account).pk)
    assert (guidance.paid, guidance.declined) == (None, None)
    assert (guidance.band_name, guidance.tier_min_cents, guidance.tier_max_cents) == ("new", 500, 900)


def test_the_account_preset_and_its_overrides_set_the_band(owner, account, priced_fan):
    account.preset_overrides = {
        "pricing": {"ppv_tiers": {"standard": {"min_cents": 1300, "max_cents": 2200}}}
    }
    account.save()
    guidance = fan_ppv_price_guidance(user=owner, fan_id=priced_fan.pk)
    assert (guidance.tier_min_cents, guidance.tier_max_cents) == (1300, 2200)


def test_guidance_fragment_shows_the_figures(client, owner, priced_fan):
    client.force_login(owner)
    response = client.get(reverse("performance:price_guidance", args=[priced_fan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Paid: $10.00 to $25.00 (median $15.00, 3 PPVs)" in html
    assert "Left locked: $20.00 to $20.00 (median $20.00, 1 PPV)" in html
    assert "Preset band: $12.00 to $20.00 (standard tier for a regular fan)" in html


def test_the_composer_loads_the_guidance(client, owner, priced_fan):
    client.force_login(owner)
    chat = chat_of(priced_fan)
    html = client.get(reverse("inbox:chat", args=[chat.pk])).content.decode()
    assert f'hx-get="{reverse("performance:price_guidance", args=[priced_fan.pk])}"' in html


def test_guidance_of_another_tenant_fan_is_not_found(client, priced_fan):
    outsider = make_user()
    make_team("Other", owner=outsider)
    with pytest.raises(NotFoundError):
        fan_ppv_price_guidance(user=outsider, fan_id=priced_fan.pk)
    client.force_login(outsider)
    assert client.get(reverse("performance:price_guidance", args=[priced_fan.pk])).status_code == 404
    assert client.get(f"/api/onlyfans/fans/{priced_fan.pk}/price-guidance").status_code == 404


def test_a_chatter_of_the_account_reads_it_over_the_api(client, team, account, priced_fan):
    client.force_login(make_member(team, "chatter", [account]))
    response = client.get(f"/api/onlyfans/fans/{priced_fan.pk}/price-guidance")
    assert response.status_code == 200
    body = response.json()
    assert body["paid"] == {"count": 3, "min_cents": 1000, "median_cents": 1500, "max_cents": 2500}
    assert body["declined"]["count"] == 1
    assert body["tier"] == "standard"
    other = make_member(team, "chatter")  # same team, not assigned to the account
    client.force_login(other)
    assert client.get(f"/api/onlyfans/fans/{priced_fan.pk}/price-guidance").status_code == 404
