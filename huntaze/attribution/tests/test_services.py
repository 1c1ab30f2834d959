"""Crediting sales: each model on the known story, idempotence, model changes, reassignment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from huntaze.accounts.choices import AttributionModel
from huntaze.attribution.exceptions import ReassignReasonRequiredError, ReassignTargetInvalidError
from huntaze.attribution.models import SaleAttribution
from huntaze.attribution.services import attribution_reassign, attributions_refresh
from huntaze.attribution.tests.conftest import sale, sent, synced
from huntaze.audit.models import AuditEvent
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError
from huntaze.core.tests.factories import make_account, make_fan, make_member, make_team, make_user
from huntaze.earnings.models import EarningKind
from huntaze.inbox.models import OutboundMessage

pytestmark = pytest.mark.django_db


def _set_model(story, model: str) -> None:
    story.account.team.attribution_model = model
    story.account.team.save(update_fields=["attribution_model"])


def _credits(story) -> dict[str, int | None]:
    rows = {row.entry_id: row for row in SaleAttribution.objects.filter(account=story.account)}
    return {
        name: rows[entry.pk].chatter_id
        for name, entry in (("ppv", story.ppv), ("tip", story.tip), ("direct", story.direct))
    }


def test_sender_model_credits_the_ppv_approver_and_the_last_sender_for_a_tip(story):
    written = attributions_refresh(account_id=story.account.pk)

    assert written == 3  # the PPV purchases and the tip; never the subscription
    assert _credits(story) == {"ppv": story.a.pk, "tip": story.b.pk, "direct": None}
    row = SaleAttribution.objects.get(entry=story.ppv)
    assert (row.model, row.message_id, row.reassigned) == (
        AttributionModel.SENDER,
        story.ppv_message.pk,
        False,
    )
    # The PPV sent directly on OnlyFans is found, but has no known sender.
    assert SaleAttribution.objects.get(entry=story.direct).message.fan_id == story.other_fan.pk


def test_last_chatter_model_credits_whoever_messaged_the_fan_last(story):
    _set_model(story, AttributionModel.LAST_CHATTER)
    attributions_refresh(account_id=story.account.pk)
    # A sent the PPV, but B spoke to the fan after: B gets the purchase.
    assert _credits(story) == {"ppv": story.b.pk, "tip": story.b.pk, "direct": None}


def test_on_shift_model_credits_the_chatter_clocked_in(story):
    _set_model(story, AttributionModel.ON_SHIFT)
    attributions_refresh(account_id=story.account.pk)
    # At the PPV sale both were clocked in: B messaged the fan last. At the tip only A was.
    assert _credits(story) == {"ppv": story.b.pk, "tip": story.a.pk, "direct": story.a.pk}


def test_on_shift_with_several_clocked_in_and_no_message_takes_the_lowest_id(story):
    _set_model(story, AttributionModel.ON_SHIFT)
    silent = make_fan(story.account)
    entry = sale(story.account, silent, kind=EarningKind.TIP, cents=300, at=story.t)
    attributions_refresh(account_id=story.account.pk)
    assert SaleAttribution.objects.get(entry=entry).chatter_id == min(story.a.pk, story.b.pk)


def test_refresh_is_idempotent(story):
    attributions_refresh(account_id=story.account.pk)
    before = list(SaleAttribution.objects.order_by("pk").values_list("pk", "chatter_id", "updated_at"))
    assert attributions_refresh(account_id=story.account.pk) == 0
    assert (
        list(SaleAttribution.objects.order_by("pk").values_list("pk", "chatter_id", "updated_at")) == before
    )


def test_refresh_credits_only_new_sales(story):
    attributions_refresh(account_id=story.account.pk)
    later = sale(story.account, story.fan, kind=EarningKind.TIP, cents=700, at=story.t + timedelta(hours=4))
    assert attributions_refresh(account_id=story.account.pk) == 1
    assert SaleAttribution.objects.get(entry=later).chatter_id == story.b.pk


def test_two_purchases_at_one_price_match_two_different_ppvs(story):
    fan = make_fan(story.account)
    first = sent(story.a, fan, at=story.t, price_cents=1000, bought=True)
    second = sent(story.b, fan, at=story.t + timedelta(hours=1), price_cents=1000, bought=True)
    one = sale(story.account, fan, kind=EarningKind.MESSAGE, cents=1000, at=story.t + timedelta(minutes=5))
    two = sale(story.account, fan, kind=EarningKind.MESSAGE, cents=1000, at=story.t + timedelta(hours=2))
    attributions_refresh(account_id=story.account.pk)
    assert SaleAttribution.objects.get(entry=one).chatter_id == story.a.pk
    assert SaleAttribution.objects.get(entry=two).chatter_id == story.b.pk
    matched = {SaleAttribution.objects.get(entry=e).message.onlyfans_id for e in (one, two)}
    assert matched == {first.onlyfans_message_id, second.onlyfans_message_id}


def test_a_recent_unattributed_sale_is_credited_once_its_message_arrives(story):
    fan = make_fan(story.account)
    now = timezone.now()
    entry = sale(story.account, fan, kind=EarningKind.MESSAGE, cents=4000, at=now - timedelta(minutes=5))
    attributions_refresh(account_id=story.account.pk)
    assert SaleAttribution.objects.get(entry=entry).chatter_id is None
    sent(story.a, fan, at=now - timedelta(minutes=30), price_cents=4000, bought=True)  # the next sync
    attributions_refresh(account_id=story.account.pk)
    assert SaleAttribution.objects.get(entry=entry).chatter_id == story.a.pk


def test_changing_the_team_model_recomputes_every_computed_credit(story):
    attributions_refresh(account_id=story.account.pk)
    _set_model(story, AttributionModel.LAST_CHATTER)
    assert attributions_refresh(account_id=story.account.pk) == 3
    assert _credits(story) == {"ppv": story.b.pk, "tip": story.b.pk, "direct": None}
    assert set(SaleAttribution.objects.values_list("model", flat=True)) == {AttributionModel.LAST_CHATTER}


def test_a_reassigned_sale_survives_refreshes_and_model_changes(story):
    attributions_refresh(account_id=story.account.pk)
    row = SaleAttribution.objects.get(entry=story.ppv)
    attribution_reassign(
        user=story.owner, attribution_id=row.pk, chatter_id=story.b.pk, reason="B closed the deal"
    )
    for model in (AttributionModel.LAST_CHATTER, AttributionModel.ON_SHIFT, AttributionModel.SENDER):
        _set_model(story, model)
        attributions_refresh(account_id=story.account.pk)
        row.refresh_from_db()
        assert (row.chatter_id, row.reassigned, row.reason) == (story.b.pk, True, "B closed the deal")
        assert row.model == AttributionModel.SENDER  # the model it was computed by before the owner's call


def test_reassign_is_audited_with_before_and_after(story):
    attributions_refresh(account_id=story.account.pk)
    row = SaleAttribution.objects.get(entry=story.ppv)
    attribution_reassign(user=story.owner, attribution_id=row.pk, chatter_id=None, reason="  split   deal ")
    row.refresh_from_db()
    assert (row.chatter_id, row.reassigned, row.reason, row.reassigned_by) == (
        None,
        True,
        "split deal",
        story.owner,
    )
    event = AuditEvent.objects.get(action="attribution.reassign")
    assert (event.actor_id, event.account_id, event.target_id) == (
        story.owner.pk,
        story.account.pk,
        str(row.pk),
    )
    assert event.before["chatter_id"] == story.a.pk
    assert event.after == {"chatter_id": None, "entry_id": story.ppv.pk, "reason": "split deal"}


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_reassign_refuses_a_missing_or_too_long_reason_and_changes_nothing(story, reason):
    attributions_refresh(account_id=story.account.pk)
    row = SaleAttribution.objects.get(entry=story.ppv)
    with pytest.raises(ReassignReasonRequiredError):
        attribution_reassign(user=story.owner, attribution_id=row.pk, chatter_id=story.b.pk, reason=reason)
    row.refresh_from_db()
    assert (row.chatter_id, row.reassigned) == (story.a.pk, False)
    assert not AuditEvent.objects.filter(action="attribution.reassign").exists()


def test_reassign_refuses_someone_who_does_not_work_on_the_account(story, team):
    attributions_refresh(account_id=story.account.pk)
    row = SaleAttribution.objects.get(entry=story.ppv)
    other_account = make_account(team)
    elsewhere = make_member(team, "chatter", [other_account])  # same team, another account
    stranger = make_user()
    for user in (elsewhere, stranger):
        with pytest.raises(ReassignTargetInvalidError):
            attribution_reassign(user=story.owner, attribution_id=row.pk, chatter_id=user.pk, reason="why")
    assert SaleAttribution.objects.get(pk=row.pk).chatter_id == story.a.pk


def test_only_owners_reassign_and_other_tenants_get_not_found(story, team):
    attributions_refresh(account_id=story.account.pk)
    row = SaleAttribution.objects.get(entry=story.ppv)
    manager = make_member(team, "manager")
    for user in (manager, story.a):
        with pytest.raises(PermissionDeniedError):
            attribution_reassign(user=user, attribution_id=row.pk, chatter_id=story.b.pk, reason="mine")
    outsider = make_user()
    make_team("Other", owner=outsider)
    with pytest.raises(NotFoundError):
        attribution_reassign(user=outsider, attribution_id=row.pk, chatter_id=None, reason="mine")
    assert SaleAttribution.objects.get(pk=row.pk).reassigned is False


def test_a_ppv_price_that_matches_no_message_is_unattributed_under_sender(story):
    fan = make_fan(story.account)
    sent(story.a, fan, at=story.t, price_cents=1000, bought=True)
    synced(fan, at=story.t, price_cents=2000, bought=False)
    entry = sale(story.account, fan, kind=EarningKind.MESSAGE, cents=3000, at=story.t + timedelta(hours=1))
    attributions_refresh(account_id=story.account.pk)
    row = SaleAttribution.objects.get(entry=entry)
    assert (row.chatter_id, row.message_id) == (None, None)
    assert OutboundMessage.objects.filter(fan=fan).count() == 1


def test_a_sale_of_an_unknown_fan_is_credited_only_by_the_shift(story):
    entry = sale(story.account, None, kind=EarningKind.TIP, cents=900, at=story.t + timedelta(hours=1))
    attributions_refresh(account_id=story.account.pk)
    assert SaleAttribution.objects.get(entry=entry).chatter_id is None
    _set_model(story, AttributionModel.ON_SHIFT)
    attributions_refresh(account_id=story.account.pk)
    assert SaleAttribution.objects.get(entry=entry).chatter_id == story.a.pk
