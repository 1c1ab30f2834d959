"""Scheduled messages: approved now with their time, sent by the minute job at that time, once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from huntaze.accounts.choices import AccountStatus, Role
from huntaze.audit.models import AuditEvent
from huntaze.campaigns.exceptions import OutboundNotCancellableError
from huntaze.campaigns.tasks import scheduled_send_due_task
from huntaze.campaigns.tests.conftest import human_request, received
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError, ValidationError
from huntaze.core.tests import factories
from huntaze.inbox.choices import OutboundStatus
from huntaze.inbox.exceptions import ApprovalOutsideRequestError, OutboundNotSendableError
from huntaze.inbox.models import OutboundMessage
from huntaze.inbox.sending import (
    outbound_approve,
    outbound_cancel,
    outbound_edit,
    outbound_send,
    outbound_send_due,
)

pytestmark = pytest.mark.django_db(transaction=True)


def schedule(user, chat, *, minutes: int = 30, key: str = "sched-0001", text: str = "Good morning love ☀️"):
    return outbound_approve(
        request=human_request(user),
        chat_id=chat.pk,
        text=text,
        price_cents=0,
        idempotency_key=key,
        approved=True,
        send_at=timezone.now() + timedelta(minutes=minutes),
    )


def test_a_scheduled_message_waits_for_its_time_then_is_sent_once(owner, chat, simulator, clock):
    outbound = schedule(owner, chat)
    assert outbound.send_at is not None
    assert outbound.status == OutboundStatus.APPROVED
    assert outbound_send(outbound=outbound).status == OutboundStatus.APPROVED  # not before its time
    assert outbound_send_due() == 0
    assert received(simulator) == []

    clock.advance(minutes=31)
    scheduled_send_due_task.call_local()
    scheduled_send_due_task.call_local()  # the next minute finds nothing left to send
    outbound.refresh_from_db()
    assert outbound.status == OutboundStatus.SENT
    (sent,) = received(simulator)
    assert (sent["userId"], sent["idempotencyKey"]) == (chat.fan.onlyfans_id, "sched-0001")
    approval = AuditEvent.objects.get(action="outbound.approve", target_id=str(outbound.pk))
    assert approval.after["send_at"] == outbound.send_at.isoformat()


def test_the_approval_covers_the_time_and_an_edit_after_approval_is_refused_before_the_network(
    owner, chat, simulator, clock
):
    outbound = schedule(owner, chat)
    # Moved behind the gate's back: the digest no longer matches.
    OutboundMessage.objects.filter(pk=outbound.pk).update(send_at=outbound.send_at - timedelta(minutes=29))
    clock.advance(minutes=5)
    outbound.refresh_from_db()
    with pytest.raises(OutboundNotSendableError):
        outbound.assert_sendable()
    with pytest.raises(OutboundNotSendableError):
        outbound_send(outbound=outbound)
    for field, value in (("text", "Pay me on the side"), ("price_cents", 5000), ("media_ids", [1])):
        other = schedule(owner, chat, key=f"sched-{field}", minutes=2)
        OutboundMessage.objects.filter(pk=other.pk).update(**{field: value})
        other.refresh_from_db()
        with pytest.raises(OutboundNotSendableError):
            other.assert_sendable()
    assert received(simulator) == []


def test_an_approval_recorded_without_a_time_keeps_its_digest(owner, chat):
    """The digest appends the time only when there is one: approvals made before scheduling
    existed stay valid."""
    outbound = outbound_approve(
        request=human_request(owner),
        chat_id=chat.pk,
        text="hi",
        price_cents=0,
        idempotency_key="plain-0001",
        approved=True,
    )
    outbound.assert_sendable()
    assert outbound.send_at is None


def test_the_edit_flow_cancels_the_old_approval_and_needs_a_new_one(owner, chat, simulator, clock):
    old = schedule(owner, chat)
    new_time = timezone.now() + timedelta(hours=2)
    with pytest.raises(ApprovalOutsideRequestError):
        outbound_edit(
            request=None,
            outbound_id=old.pk,
            text="x",
            price_cents=0,
            send_at=new_time,
            idempotency_key="sched-edit-1",
            approved=True,
        )
    with pytest.raises(ValidationError):  # refused new version: the old approval stays as it was
        outbound_edit(
            request=human_request(owner),
            outbound_id=old.pk,
            text="   ",
            price_cents=0,
            send_at=new_time,
            idempotency_key="sched-edit-1",
            approved=True,
        )
    old.refresh_from_db()
    assert old.status == OutboundStatus.APPROVED

    new = outbound_edit(
        request=human_request(owner, "req-edit-0002"),
        outbound_id=old.pk,
        text="Changed my mind 😘",
        price_cents=0,
        send_at=new_time,
        idempotency_key="sched-edit-2",
        approved=True,
    )
    old.refresh_from_db()
    assert old.status == OutboundStatus.CANCELLED
    assert (new.text, new.send_at, new.approval_request_id) == (
        "Changed my mind 😘",
        new_time.replace(microsecond=0),
        "req-edit-0002",
    )
    clock.advance(hours=3)
    outbound_send_due()
    (sent,) = received(simulator)
    assert sent["idempotencyKey"] == "sched-edit-2"


def test_cancel_before_the_time_is_audited_and_nothing_is_sent(owner, chat, team, simulator, clock):
    outbound = schedule(owner, chat)
    chatter = factories.make_member(team, Role.CHATTER, accounts=[chat.account])
    with pytest.raises(PermissionDeniedError):  # a chatter cancels only their own approvals
        outbound_cancel(user=chatter, outbound_id=outbound.pk)
    stranger = factories.make_user("stranger")
    factories.make_team("Team B", owner=stranger)
    with pytest.raises(NotFoundError):
        outbound_cancel(user=stranger, outbound_id=outbound.pk)
    assert outbound_cancel(user=owner, outbound_id=outbound.pk).status == OutboundStatus.CANCELLED
    with pytest.raises(OutboundNotCancellableError):
        outbound_cancel(user=owner, outbound_id=outbound.pk)
    event = AuditEvent.objects.get(action="outbound.cancel")
    assert (event.actor_id, event.target_id) == (owner.pk, str(outbound.pk))
    own = schedule(chatter, chat, key="sched-chatter")
    assert outbound_cancel(user=chatter, outbound_id=own.pk).status == OutboundStatus.CANCELLED
    clock.advance(hours=1)
    assert outbound_send_due() == 0
    assert received(simulator) == []


def test_bad_send_times_are_refused(owner, chat):
    for bad in (timezone.now() - timedelta(minutes=5), timezone.now() + timedelta(days=31)):
        with pytest.raises(ValidationError):
            outbound_approve(
                request=human_request(owner),
                chat_id=chat.pk,
                text="hi",
                price_cents=0,
                idempotency_key="sched-bad",
                approved=True,
                send_at=bad,
            )
    with pytest.raises(ValidationError):
        outbound_approve(
            request=human_request(owner),
            chat_id=chat.pk,
            text="hi",
            price_cents=0,
            idempotency_key="sched-bad",
            approved=True,
            send_at=(timezone.now() + timedelta(hours=1)).replace(tzinfo=None),
        )
    assert not OutboundMessage.objects.exists()


def test_an_expired_session_at_send_time_fails_cleanly_flags_the_account_and_is_not_retried(
    owner, chat, synced, simulator, clock
):
    first = schedule(owner, chat, key="sched-exp-1")
    second = schedule(owner, chat, key="sched-exp-2", minutes=31)
    simulator.control.expire_session()
    clock.advance(minutes=40)
    outbound_send_due()
    first.refresh_from_db()
    second.refresh_from_db()
    synced.refresh_from_db()
    assert first.status == OutboundStatus.FAILED
    assert first.error_code == "onlyfans_session_expired"
    assert synced.status == AccountStatus.NEEDS_REAUTH
    # The second was not tried on the dead session: failed with the reason, no request made.
    assert second.status == OutboundStatus.FAILED
    assert second.error_code == "account_not_active"
    assert "reconnect" in second.error_message
    requests = [
        e for e in simulator.control.access_log() if "/messages" in e["path"] and e["method"] == "POST"
    ]
    assert len(requests) == 1
    simulator.control.reset_session()
    clock.advance(minutes=5)
    outbound_send_due()  # never retried
    assert received(simulator) == []


def test_a_message_found_far_too_late_fails_instead_of_arriving_at_a_surprising_hour(
    owner, chat, simulator, clock
):
    outbound = schedule(owner, chat)
    clock.advance(hours=13)
    outbound_send_due()
    outbound.refresh_from_db()
    assert (outbound.status, outbound.error_code) == (OutboundStatus.FAILED, "schedule_missed")
    assert received(simulator) == []


def test_two_workers_send_a_due_message_once(owner, chat, simulator, clock):
    outbounds = [schedule(owner, chat, key=f"sched-race-{n}") for n in range(3)]
    clock.advance(minutes=31)
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            outbound_send_due()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r["idempotencyKey"] for r in received(simulator)) == [o.idempotency_key for o in outbounds]
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {OutboundStatus.SENT}
