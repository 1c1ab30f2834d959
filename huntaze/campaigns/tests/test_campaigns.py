"""Campaigns through the approval gate: recipients frozen at approval, exclusions, pacing by the
connector, progress and per-recipient results, cancel, session expiry mid-way."""

from __future__ import annotations

import pytest

from huntaze.accounts.choices import AccountStatus, Role
from huntaze.audit.models import AuditEvent
from huntaze.campaigns.choices import CampaignStatus
from huntaze.campaigns.exceptions import CampaignStateError, RecipientsChangedError
from huntaze.campaigns.models import Campaign, CampaignRecipient
from huntaze.campaigns.selectors import campaign_progress, campaign_recipient_page, campaign_review
from huntaze.campaigns.services import campaign_cancel, campaign_create, campaign_send
from huntaze.campaigns.tests.conftest import chat_fans, human_request, received, tag, vip_segment
from huntaze.content.models import Content
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError, ValidationError
from huntaze.core.tests import factories
from huntaze.inbox.choices import Direction, OutboundStatus
from huntaze.inbox.exceptions import (
    ApprovalOutsideRequestError,
    ApprovalRequiredError,
    ComplianceBlockedError,
)
from huntaze.inbox.models import Message, OutboundMessage
from huntaze.inbox.sending import campaign_approve

pytestmark = pytest.mark.django_db(transaction=True)


def draft(owner, account, segment, **extra):
    return campaign_create(
        user=owner,
        account_id=account.pk,
        name=extra.pop("name", "Friday PPV"),
        segment_id=segment.pk,
        text=extra.pop("text", "New set just for you 🔥"),
        price_cents=extra.pop("price_cents", 0),
        **extra,
    )


def approve(user, campaign, seen, request_id="req-campaign-0001", **extra):
    return campaign_approve(
        request=human_request(user, request_id),
        campaign_id=campaign.pk,
        approved=extra.pop("approved", True),
        recipient_count_seen=seen,
        **extra,
    )


@pytest.fixture
def vips(owner, synced):
    fans = chat_fans(synced, 4)
    tag(owner, fans[:3], "vip")
    return fans


def test_a_ppv_campaign_goes_to_the_recipients_frozen_at_approval_once(owner, synced, vips, simulator):
    vault = list(
        Content.objects.filter(account=synced, kind="vault").values_list("onlyfans_id", flat=True)[:2]
    )
    campaign = draft(owner, synced, vip_segment(owner, synced), price_cents=1500, media_ids=vault)
    review = campaign_review(user=owner, campaign_id=campaign.pk)
    assert review.recipient_count == 3
    assert {fan.pk for fan in review.sample} == {fan.pk for fan in vips[:3]}

    campaign = approve(owner, campaign, seen=3)
    tag(owner, [vips[3]], "vip")  # joins the segment after the approval: not a recipient
    assert (campaign.status, campaign.recipient_count, campaign.approved_by_id) == (
        CampaignStatus.APPROVED,
        3,
        owner.pk,
    )
    outbounds = OutboundMessage.objects.filter(campaign_recipient__campaign=campaign)
    assert {o.approval_request_id for o in outbounds} == {"req-campaign-0001"}
    for outbound in outbounds:
        outbound.assert_sendable()

    campaign_send(campaign_id=campaign.pk)
    campaign_send(campaign_id=campaign.pk)  # a second run (the resume sweep) sends nothing again
    got = received(simulator)
    assert sorted(r["userId"] for r in got) == sorted(fan.onlyfans_id for fan in vips[:3])
    assert {(r["body"]["price"], tuple(r["body"]["mediaFiles"])) for r in got} == {(15, tuple(vault))}
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DONE
    progress = campaign_progress(campaign=campaign)
    assert (progress.total, progress.sent, progress.failed, progress.percent) == (3, 3, 0, 100)
    page = campaign_recipient_page(user=owner, campaign_id=campaign.pk, cursor=None, limit=2)
    assert [row.outbound.status for row in page.items] == [OutboundStatus.SENT] * 2
    assert page.next_cursor is not None
    event = AuditEvent.objects.get(action="campaign.approve")
    assert (event.actor_id, event.request_id, event.after["recipient_count"]) == (
        owner.pk,
        "req-campaign-0001",
        3,
    )


def test_recipients_that_changed_since_the_review_need_a_new_review(owner, synced, vips, simulator):
    campaign = draft(owner, synced, vip_segment(owner, synced))
    tag(owner, [vips[3]], "vip")  # the list grew after the human looked at 3
    with pytest.raises(RecipientsChangedError):
        approve(owner, campaign, seen=3)
    assert not OutboundMessage.objects.exists()
    assert approve(owner, campaign, seen=4).recipient_count == 4


def test_exclusions_leave_out_buyers_recent_contacts_and_tagged_fans(owner, synced, vips, simulator):
    bought = (
        Message.objects.filter(account=synced, is_purchased=True, direction=Direction.OUTGOING)
        .order_by("pk")
        .first()
    )
    assert bought is not None, "the simulator's small account has purchased PPVs"
    buyer = bought.fan
    tag(owner, [buyer], "vip")
    tag(owner, [vips[1]], "no-mass")
    Message.objects.create(
        account=synced,
        chat=vips[2].chats.get(),
        fan=vips[2],
        onlyfans_id=9_900_000_001,
        direction=Direction.OUTGOING,
        text="hey",
        sent_at=factories.BASE_TIME.replace(year=2099),  # "just now" for any clock
    )
    queue_id = bought.raw.get("queueId")
    item = f"queue:{queue_id}" if queue_id else f"message:{bought.onlyfans_id}"
    campaign = draft(
        owner,
        synced,
        vip_segment(owner, synced),
        exclusions={"bought_items": [item], "messaged_within_hours": 24, "tags": [" No-Mass "]},
    )
    review = campaign_review(user=owner, campaign_id=campaign.pk)
    expected = {vips[0].pk} - {buyer.pk}
    assert {fan.pk for fan in review.sample} == expected
    assert review.recipient_count == len(expected)
    assert len(review.exclusions) == 3
    with pytest.raises(ValidationError):
        draft(owner, synced, vip_segment(owner, synced, "other"), exclusions={"messaged_within_hours": 0})
    with pytest.raises(ValidationError):
        draft(owner, synced, vip_segment(owner, synced, "other2"), exclusions={"unknown": 1})


def test_no_campaign_reaches_the_connector_without_a_human_approval(owner, team, synced, vips, simulator):
    campaign = draft(owner, synced, vip_segment(owner, synced))
    scripted = human_request(owner)
    scripted.auth_token = "a bearer token"
    for request in (None, object(), human_request(owner, ""), scripted):
        with pytest.raises(ApprovalOutsideRequestError):
            campaign_approve(request=request, campaign_id=campaign.pk, approved=True, recipient_count_seen=3)
    with pytest.raises(ApprovalRequiredError):
        approve(owner, campaign, seen=3, approved="true")
    chatter = factories.make_member(team, Role.CHATTER, accounts=[synced])
    with pytest.raises(PermissionDeniedError):
        approve(chatter, campaign, seen=3)
    with pytest.raises(PermissionDeniedError):
        draft(chatter, synced, vip_segment(owner, synced, "chatter"))
    stranger = factories.make_user("stranger")
    factories.make_team("Team B", owner=stranger)
    with pytest.raises(NotFoundError):
        approve(stranger, campaign, seen=3)
    # The job finds nothing approved, so it sends nothing.
    assert campaign_send(campaign_id=campaign.pk) is None
    assert not OutboundMessage.objects.exists()
    assert received(simulator) == []


def test_a_campaign_message_changed_after_approval_is_refused_before_the_network(
    owner, synced, vips, simulator
):
    campaign = approve(owner, draft(owner, synced, vip_segment(owner, synced)), seen=3)
    tampered = OutboundMessage.objects.filter(campaign_recipient__campaign=campaign).order_by("pk").first()
    OutboundMessage.objects.filter(pk=tampered.pk).update(text="Send me money on paypal")
    campaign_send(campaign_id=campaign.pk)
    tampered.refresh_from_db()
    assert (tampered.status, tampered.error_code) == (OutboundStatus.FAILED, "outbound_not_sendable")
    assert tampered.fan.onlyfans_id not in {r["userId"] for r in received(simulator)}
    assert len(received(simulator)) == 2
    assert "paypal" not in str(received(simulator))


def test_cancel_stops_the_messages_not_sent_yet(owner, synced, vips, simulator):
    campaign = approve(owner, draft(owner, synced, vip_segment(owner, synced)), seen=3)
    campaign = campaign_cancel(user=owner, campaign_id=campaign.pk)
    assert campaign.status == CampaignStatus.CANCELLED
    assert campaign_send(campaign_id=campaign.pk) is None
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {OutboundStatus.CANCELLED}
    assert received(simulator) == []
    with pytest.raises(CampaignStateError):
        campaign_cancel(user=owner, campaign_id=campaign.pk)
    with pytest.raises(CampaignStateError):
        approve(owner, campaign, seen=3)
    assert AuditEvent.objects.get(action="campaign.cancel").after["messages_cancelled"] == 3


def test_an_expired_session_mid_campaign_fails_the_rest_with_the_reason_and_never_retries(
    owner, synced, vips, simulator
):
    campaign = approve(owner, draft(owner, synced, vip_segment(owner, synced)), seen=3)
    simulator.control.expire_session(after=1)  # the first send goes through, then the session dies
    campaign = campaign_send(campaign_id=campaign.pk)
    synced.refresh_from_db()
    assert synced.status == AccountStatus.NEEDS_REAUTH
    assert len(received(simulator)) == 1
    statuses = list(
        CampaignRecipient.objects.filter(campaign=campaign)
        .order_by("outbound_id")
        .values_list("outbound__status", "outbound__error_code")
    )
    assert statuses == [
        (OutboundStatus.SENT, ""),
        (OutboundStatus.FAILED, "onlyfans_session_expired"),
        (OutboundStatus.FAILED, "campaign_stopped"),
    ]
    assert campaign.stop_reason
    assert campaign.status == CampaignStatus.DONE
    simulator.control.reset_session()
    assert campaign_send(campaign_id=campaign.pk) is None
    assert len(received(simulator)) == 1


def test_bad_drafts_are_refused(owner, synced, vips):
    segment = vip_segment(owner, synced)
    for bad in ({"text": "  "}, {"price_cents": 500}, {"price_cents": -1}, {"media_ids": [1]}, {"name": " "}):
        with pytest.raises(ValidationError):
            draft(owner, synced, segment, **bad)
    with pytest.raises(ComplianceBlockedError):
        draft(owner, synced, segment, text="add me on snap")
    other = factories.make_account(factories.make_team("Team B", owner=factories.make_user("b")))
    with pytest.raises(NotFoundError):  # a segment of another account
        draft(owner, other, segment)
    assert not Campaign.objects.exists()
