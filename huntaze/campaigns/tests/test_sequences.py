"""Sequences write drafts at the right time; only a human's approval turns one into a message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from huntaze.accounts.choices import Role
from huntaze.audit.models import AuditEvent
from huntaze.campaigns.choices import DraftStatus, EnrollmentStatus, SequenceKind
from huntaze.campaigns.models import Sequence, SequenceDraft, SequenceEnrollment
from huntaze.campaigns.services import outbounds_send, sequence_drafts_dismiss, sequence_save, sequences_tick
from huntaze.campaigns.tests.conftest import human_request, received
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError, ValidationError
from huntaze.core.tests import factories
from huntaze.inbox.choices import Direction, OutboundStatus
from huntaze.inbox.exceptions import ApprovalOutsideRequestError, ApprovalRequiredError
from huntaze.inbox.models import Chat, Message, OutboundMessage
from huntaze.inbox.sending import sequence_drafts_approve
from huntaze.presets.selectors import preset_get

pytestmark = pytest.mark.django_db(transaction=True)


def enabled(user, account, kind, steps=None):
    sequence = sequence_save(user=user, account_id=account.pk, kind=kind, active=True, steps=steps)
    Sequence.objects.filter(pk=sequence.pk).update(enroll_since=timezone.now() - timedelta(days=1))
    return sequence


def message(chat, direction, at, n):
    return Message.objects.create(
        account=chat.account,
        chat=chat,
        fan=chat.fan,
        onlyfans_id=9_800_000_000 + n,
        direction=direction,
        text=f"m{n}",
        sent_at=at,
    )


def test_the_welcome_series_drafts_each_day_of_the_preset_at_its_time(owner, account, clock):
    account.display_name = "Luna"
    account.save(update_fields=["display_name"])
    sequence = enabled(owner, account, SequenceKind.WELCOME)
    preset = preset_get(slug="gfe")
    # Each day of the preset with a free template (a day that only sells a PPV needs media a human
    # picks: a campaign's job), at day x 24 hours.
    free_days = [
        s.day for s in preset.dm_sequence if any("{price}" not in template for template in s.templates)
    ]
    assert [step["delay_hours"] for step in sequence.steps] == [24 * day for day in free_days]
    assert free_days[:2] == [0, 1]
    fan = factories.make_fan(
        account, display_name="Jamie Lee", subscription_status="active", subscribed_at=timezone.now()
    )
    assert sequences_tick() == 1
    (day0,) = SequenceDraft.objects.filter(fan=fan)
    assert (day0.step, day0.status) == (0, DraftStatus.PENDING)
    assert "Jamie" in day0.text
    assert "{fan_name}" not in day0.text
    clock.advance(hours=23)
    assert sequences_tick() == 0  # day 1 is not due yet
    clock.advance(hours=2)
    assert sequences_tick() == 1
    assert list(SequenceDraft.objects.filter(fan=fan).values_list("step", flat=True)) == [0, 1]
    clock.advance(days=3)  # the worker was down: only the latest step due is drafted
    assert sequences_tick() == 1
    latest = max(i for i, day in enumerate(free_days) if day <= 4)
    assert list(SequenceDraft.objects.filter(fan=fan).values_list("step", flat=True)) == [0, 1, latest]
    assert not OutboundMessage.objects.exists()  # drafts only: nothing approved, nothing sent


def test_winback_drafts_for_expired_fans_and_drops_those_who_came_back(owner, account, clock):
    enabled(owner, account, SequenceKind.WINBACK, [{"delay_hours": 2, "text": "Miss you {fan_name} 💔"}])
    gone = factories.make_fan(
        account, display_name="Ana", subscription_status="expired", expires_at=timezone.now()
    )
    back = factories.make_fan(account, subscription_status="expired", expires_at=timezone.now())
    old = factories.make_fan(
        account, subscription_status="expired", expires_at=timezone.now() - timedelta(days=30)
    )
    assert sequences_tick() == 0  # enrolled, not due
    back.subscription_status = "active"
    back.save(update_fields=["subscription_status"])
    clock.advance(hours=3)
    assert sequences_tick() == 1
    assert SequenceDraft.objects.get().text == "Miss you Ana 💔"
    assert SequenceEnrollment.objects.get(fan=back).status == EnrollmentStatus.CANCELLED
    assert not SequenceEnrollment.objects.filter(fan=old).exists()  # expired before the sequence
    assert gone.pk == SequenceDraft.objects.get().fan_id


def test_a_no_reply_follow_up_is_cancelled_when_the_fan_replies(owner, account, clock):
    enabled(owner, account, SequenceKind.NO_REPLY, [{"delay_hours": 4, "text": "Still there {fan_name}?"}])
    now = timezone.now()
    waiting = Chat.objects.create(account=account, fan=factories.make_fan(account))
    answered = Chat.objects.create(account=account, fan=factories.make_fan(account))
    for n, chat in enumerate((waiting, answered)):
        message(chat, Direction.OUTGOING, now - timedelta(hours=1), n)
        Chat.objects.filter(pk=chat.pk).update(last_message_at=now - timedelta(hours=1))
    assert sequences_tick() == 0
    clock.advance(hours=3, minutes=30)
    message(answered, Direction.INCOMING, timezone.now(), 10)
    assert sequences_tick() == 1  # the answered chat needs no follow-up any more
    draft = SequenceDraft.objects.get()
    assert draft.fan_id == waiting.fan_id
    assert SequenceEnrollment.objects.get(fan=answered.fan).status == EnrollmentStatus.CANCELLED
    # The fan answers after the draft was made but before anyone approved it.
    message(waiting, Direction.INCOMING, timezone.now() + timedelta(minutes=1), 11)
    clock.advance(minutes=2)
    (result,) = sequence_drafts_approve(request=human_request(owner), draft_ids=[draft.pk], approved=True)
    assert (result.status, result.outbound_id) == (DraftStatus.CANCELLED, None)
    assert not OutboundMessage.objects.exists()


def test_the_tick_also_cancels_a_pending_follow_up_whose_fan_replied(owner, account, clock):
    enabled(owner, account, SequenceKind.NO_REPLY, [{"delay_hours": 1, "text": "Hello?"}])
    chat = Chat.objects.create(account=account, fan=factories.make_fan(account))
    message(chat, Direction.OUTGOING, timezone.now() - timedelta(hours=2), 1)
    Chat.objects.filter(pk=chat.pk).update(last_message_at=timezone.now() - timedelta(hours=2))
    assert sequences_tick() == 1
    message(chat, Direction.INCOMING, timezone.now(), 2)
    sequences_tick()
    draft = SequenceDraft.objects.get()
    assert (draft.status, draft.cancel_reason) == (
        DraftStatus.CANCELLED,
        "The fan replied before it was approved.",
    )


def test_drafts_are_sent_only_after_a_human_approves_them(owner, team, synced, simulator):
    enabled(owner, synced, SequenceKind.WINBACK, [{"delay_hours": 0, "text": "Come back {fan_name}"}])
    fans = [chat.fan for chat in Chat.objects.filter(account=synced).select_related("fan").order_by("pk")[:3]]
    for fan in fans:
        fan.subscription_status, fan.expires_at = "expired", timezone.now() - timedelta(minutes=5)
        fan.save(update_fields=["subscription_status", "expires_at"])
    assert sequences_tick() == 3
    drafts = list(SequenceDraft.objects.order_by("pk"))
    assert received(simulator) == []
    for request in (None, object(), human_request(owner, "")):
        with pytest.raises(ApprovalOutsideRequestError):
            sequence_drafts_approve(request=request, draft_ids=[drafts[0].pk], approved=True)
    with pytest.raises(ApprovalRequiredError):
        sequence_drafts_approve(request=human_request(owner), draft_ids=[drafts[0].pk], approved=False)
    stranger = factories.make_user("stranger")
    factories.make_team("Team B", owner=stranger)
    with pytest.raises(NotFoundError):
        sequence_drafts_approve(request=human_request(stranger), draft_ids=[drafts[0].pk], approved=True)
    with pytest.raises(ValidationError):
        sequence_drafts_approve(request=human_request(owner), draft_ids=[], approved=True)

    chatter = factories.make_member(team, Role.CHATTER, accounts=[synced])
    approved = sequence_drafts_approve(
        request=human_request(chatter, "req-drafts-01"),
        draft_ids=[drafts[0].pk, drafts[1].pk],
        approved=True,
        texts={drafts[1].pk: "Edited by me, come back 😘"},
    )
    assert [d.status for d in approved] == [DraftStatus.APPROVED] * 2
    assert sequence_drafts_dismiss(user=chatter, draft_ids=[drafts[2].pk]) == 1
    outbounds = OutboundMessage.objects.order_by("pk")
    assert [(o.approved_by_id, o.approval_request_id) for o in outbounds] == [
        (chatter.pk, "req-drafts-01")
    ] * 2
    assert outbounds[1].draft_text == drafts[1].text
    assert outbounds_send(outbound_ids=[o.pk for o in outbounds]) == 2
    got = sorted((r["userId"], r["idempotencyKey"]) for r in received(simulator))
    assert got == sorted((d.fan.onlyfans_id, f"sequence-draft-{d.pk}") for d in drafts[:2])
    assert set(outbounds.values_list("status", flat=True)) == {OutboundStatus.SENT}
    # Approving again changes nothing and sends nothing.
    sequence_drafts_approve(request=human_request(owner), draft_ids=[drafts[0].pk], approved=True)
    assert OutboundMessage.objects.count() == 2
    assert AuditEvent.objects.filter(action="outbound.approve", actor_id=chatter.pk).count() == 2


def test_sequence_settings_are_for_owners_and_managers_and_validated(owner, team, account):
    chatter = factories.make_member(team, Role.CHATTER, accounts=[account])
    with pytest.raises(PermissionDeniedError):
        sequence_save(user=chatter, account_id=account.pk, kind=SequenceKind.WELCOME, active=True)
    for bad_kind, steps in (
        ("birthday", [{"delay_hours": 1, "text": "hi"}]),
        (SequenceKind.WINBACK, None),
        (SequenceKind.WINBACK, [{"delay_hours": 1, "text": "Only {price}!"}]),
        (SequenceKind.WINBACK, [{"delay_hours": 1, "text": "Hi {unknown}"}]),
        (SequenceKind.WINBACK, [{"delay_hours": -1, "text": "hi"}]),
        (SequenceKind.WINBACK, [{"delay_hours": 5, "text": "a"}, {"delay_hours": 1, "text": "b"}]),
        (SequenceKind.NO_REPLY, [{"delay_hours": 1, "text": "a"}, {"delay_hours": 2, "text": "b"}]),
        (SequenceKind.NO_REPLY, [{"delay_hours": 0, "text": "a"}]),
    ):
        with pytest.raises(ValidationError):
            sequence_save(user=owner, account_id=account.pk, kind=bad_kind, active=True, steps=steps)
    stranger = factories.make_user("stranger")
    factories.make_team("Team B", owner=stranger)
    with pytest.raises(NotFoundError):
        sequence_save(user=stranger, account_id=account.pk, kind=SequenceKind.WELCOME, active=True)
    assert not Sequence.objects.exists()
