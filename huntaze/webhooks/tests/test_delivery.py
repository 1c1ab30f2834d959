"""The delivery machine against a real receiver on 127.0.0.1: signature, body and headers, retry
schedule, failures logged, giving up, auto turn-off with alert, crash safety and concurrency."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import make_account, make_team, make_user
from huntaze.events.services import EventDraft, event_record_many
from huntaze.webhooks import delivery as machine
from huntaze.webhooks import transport
from huntaze.webhooks.choices import DeliveryStatus
from huntaze.webhooks.delivery import (
    ATTEMPTS_MAX,
    DISABLE_AFTER,
    LEASE_SECONDS,
    RETRY_DELAYS,
    WORKER_LOST,
    webhook_deliveries_overdue,
    webhook_deliveries_recover,
    webhook_delivery_claim,
    webhook_delivery_record,
    webhook_delivery_send,
)
from huntaze.webhooks.models import Webhook, WebhookDelivery
from huntaze.webhooks.selectors import webhook_secret
from huntaze.webhooks.services import webhook_create, webhook_deliveries_create, webhook_enabled_set
from huntaze.webhooks.transport import DEADLINE_SECONDS, PostResult

pytestmark = pytest.mark.django_db


def _one_delivery(webhook, event) -> WebhookDelivery:
    assert webhook_deliveries_create(event_ids=[event.pk]) == 1
    return WebhookDelivery.objects.get(webhook=webhook, event=event)


def test_delivery_is_posted_signed_with_the_webhook_secret(
    owner, account, webhook, receiver, make_event, django_capture_on_commit_callbacks
):
    event = make_event(account, payload={"amount_cents": 1500, "text": "<b>thanks</b>"})
    with django_capture_on_commit_callbacks(execute=True):  # the queued first attempt (Huey immediate)
        assert webhook_deliveries_create(event_ids=[event.pk]) == 1
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.SUCCEEDED,
        1,
        200,
    )

    [request] = receiver.received
    assert request.path == "/hooks/huntaze?source=test"
    secret = webhook_secret(user=owner, webhook_id=webhook.pk)
    timestamp = request.headers["X-Huntaze-Timestamp"]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Huntaze-Signature"] == f"sha256={expected}"
    assert abs(int(timestamp) - timezone.now().timestamp()) < 60
    assert request.headers["X-Huntaze-Delivery"] == str(delivery.pk)
    assert request.headers["X-Huntaze-Event"] == "new_tip"
    assert request.headers["Content-Type"] == "application/json"
    assert request.json() == {
        "id": event.pk,
        "type": "new_tip",
        "account": {"id": account.pk, "username": account.username},
        "occurred_at": "2026-05-20T18:00:00Z",
        "data": {"amount_cents": 1500, "text": "<b>thanks</b>"},
    }
    wrong = hmac.new(b"another secret", timestamp.encode() + b"." + request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Huntaze-Signature"] != f"sha256={wrong}"


def test_deliveries_go_to_enabled_webhooks_of_the_events_team_that_take_the_type_once(
    owner, team, account, webhook, receiver, make_event
):
    other_type = webhook_create(
        user=owner, team_id=team.pk, name="Msgs", url=receiver.url, event_types=["new_message"]
    )
    turned_off = webhook_create(
        user=owner, team_id=team.pk, name="Off", url=receiver.url, event_types=["new_tip"]
    )
    webhook_enabled_set(user=owner, webhook_id=turned_off.pk, enabled=False)
    stranger = make_user()
    other_team = make_team("Team B", owner=stranger)
    other_hook = webhook_create(
        user=stranger, team_id=other_team.pk, name="B", url=receiver.url, event_types=["new_tip"]
    )
    tip, message = make_event(account), make_event(account, type="new_message", source_id="m-1")
    other_tip = make_event(make_account(other_team), source_id="tx-9")

    assert webhook_deliveries_create(event_ids=[tip.pk, message.pk, other_tip.pk]) == 3
    assert set(WebhookDelivery.objects.values_list("webhook_id", "event_id")) == {
        (webhook.pk, tip.pk),
        (other_type.pk, message.pk),
        (other_hook.pk, other_tip.pk),
    }
    assert webhook_deliveries_create(event_ids=[tip.pk, message.pk, other_tip.pk]) == 0  # never twice
    assert WebhookDelivery.objects.count() == 3
    assert webhook_deliveries_create(event_ids=[]) == 0
    assert receiver.received == []  # first attempts are queued on commit, not sent in the caller


def test_failures_are_retried_on_the_schedule_and_stop_at_the_first_success(
    account, webhook, receiver, make_event
):
    delivery = _one_delivery(webhook, make_event(account))
    receiver.statuses.extend([500, 503, 200])
    t0 = delivery.next_attempt_at

    first = webhook_delivery_send(delivery_id=delivery.pk, now=t0)
    assert (first.status, first.attempts, first.last_status_code) == (DeliveryStatus.FAILED, 1, 500)
    assert first.last_error == "HTTP 500 Internal Server Error"
    assert first.next_attempt_at == t0 + timedelta(seconds=5)

    assert webhook_delivery_send(delivery_id=delivery.pk, now=t0 + timedelta(seconds=4)) is None  # not due
    second = webhook_delivery_send(delivery_id=delivery.pk, now=t0 + timedelta(seconds=5))
    assert (second.status, second.last_status_code) == (DeliveryStatus.FAILED, 503)
    assert second.next_attempt_at == t0 + timedelta(seconds=35)

    third = webhook_delivery_send(delivery_id=delivery.pk, now=t0 + timedelta(seconds=35))
    assert (third.status, third.attempts, third.last_status_code, third.last_error) == (
        DeliveryStatus.SUCCEEDED,
        3,
        200,
        "",
    )
    assert third.delivered_at == t0 + timedelta(seconds=35)
    assert webhook_delivery_send(delivery_id=delivery.pk, now=t0 + timedelta(days=1)) is None  # done
    assert [a.status_code for a in delivery.attempt_log.all()] == [500, 503, 200]
    assert receiver.delivery_ids() == [str(delivery.pk)] * 3


def test_a_delivery_is_given_up_after_the_last_retry(account, webhook, receiver, make_event):
    delivery = _one_delivery(webhook, make_event(account))
    receiver.default_status = 404
    now = delivery.next_attempt_at
    waits = []
    for _ in range(ATTEMPTS_MAX):
        recorded = webhook_delivery_send(delivery_id=delivery.pk, now=now)
        if recorded.next_attempt_at:
            waits.append(recorded.next_attempt_at - now)
            now = recorded.next_attempt_at
    assert waits == [
        timedelta(seconds=5),
        timedelta(seconds=30),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
    ]
    assert list(RETRY_DELAYS) == waits
    assert (recorded.status, recorded.attempts, recorded.next_attempt_at) == (
        DeliveryStatus.GIVEN_UP,
        6,
        None,
    )
    assert webhook_delivery_send(delivery_id=delivery.pk, now=now + timedelta(days=1)) is None
    assert len(receiver.received) == ATTEMPTS_MAX
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [404] * 6
    webhook.refresh_from_db()
    assert (webhook.consecutive_failures, webhook.enabled) == (1, True)


def test_a_receiver_that_is_down_is_logged_with_the_error(owner, team, account, make_event):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    hook = webhook_create(
        user=owner, team_id=team.pk, name="Down", url=f"http://127.0.0.1:{port}/", event_types=["new_tip"]
    )
    delivery = _one_delivery(hook, make_event(account))
    recorded = webhook_delivery_send(delivery_id=delivery.pk)
    assert (recorded.status, recorded.last_status_code) == (DeliveryStatus.FAILED, None)
    assert "ConnectionRefused" in recorded.last_error
    assert delivery.attempt_log.get().error == recorded.last_error


def test_a_private_address_is_refused_at_send_time_too(settings, account, webhook, receiver, make_event):
    delivery = _one_delivery(webhook, make_event(account))
    settings.HUNTAZE_WEBHOOKS_ALLOW_PRIVATE = False  # e.g. a host name that now resolves to 127.0.0.1
    recorded = webhook_delivery_send(delivery_id=delivery.pk)
    assert recorded.status == DeliveryStatus.FAILED
    assert "private network" in recorded.last_error
    assert receiver.received == []


def test_ten_deliveries_given_up_in_a_row_turn_the_webhook_off_with_an_alert(
    settings, account, webhook, receiver, make_event, django_capture_on_commit_callbacks
):
    settings.HUNTAZE_ALERT_WEBHOOK_URL = receiver.url.split("/hooks")[0] + "/alerts"
    receiver.path_status["/alerts"] = 200
    receiver.default_status = 500
    events = [make_event(account, source_id=f"tx-{n}") for n in range(DISABLE_AFTER + 1)]
    webhook_deliveries_create(event_ids=[event.pk for event in events])
    deliveries = list(WebhookDelivery.objects.filter(webhook=webhook).order_by("pk"))

    def give_up(delivery: WebhookDelivery) -> WebhookDelivery:
        now = delivery.next_attempt_at
        for _ in range(ATTEMPTS_MAX):
            with django_capture_on_commit_callbacks(execute=True):
                recorded = webhook_delivery_send(delivery_id=delivery.pk, now=now)
            now = recorded.next_attempt_at
        return recorded

    for delivery in deliveries[: DISABLE_AFTER - 1]:
        assert give_up(delivery).status == DeliveryStatus.GIVEN_UP
    webhook.refresh_from_db()
    assert (webhook.enabled, webhook.consecutive_failures) == (True, DISABLE_AFTER - 1)

    give_up(deliveries[DISABLE_AFTER - 1])
    webhook.refresh_from_db()
    assert (webhook.enabled, webhook.consecutive_failures) == (False, DISABLE_AFTER)
    assert "10 deliveries in a row" in webhook.disabled_reason
    audit = AuditEvent.objects.get(action="webhook.auto_disable")
    assert (audit.team_id, audit.actor_label, audit.target_id) == (
        webhook.team_id,
        "system:webhooks",
        str(webhook.pk),
    )
    [alert] = [r for r in receiver.received if r.path == "/alerts"]
    assert alert.json()["event"] == "webhook.auto_disable"
    assert alert.json()["webhook_id"] == webhook.pk

    posts = len(receiver.received)
    last = deliveries[DISABLE_AFTER]
    assert webhook_delivery_send(delivery_id=last.pk, now=timezone.now() + timedelta(days=1)) is None  # off
    assert len(receiver.received) == posts
    assert webhook_deliveries_overdue(now=timezone.now() + timedelta(days=1)) == []


def test_a_success_resets_the_count_of_deliveries_given_up(account, webhook, receiver, make_event):
    Webhook.objects.filter(pk=webhook.pk).update(consecutive_failures=DISABLE_AFTER - 1)
    delivery = _one_delivery(webhook, make_event(account))
    webhook_delivery_send(delivery_id=delivery.pk)
    webhook.refresh_from_db()
    assert (webhook.enabled, webhook.consecutive_failures) == (True, 0)


def test_a_worker_crash_after_the_post_means_one_retry_with_the_same_delivery_id(
    monkeypatch, account, webhook, receiver, make_event
):
    delivery = _one_delivery(webhook, make_event(account))
    t0 = delivery.next_attempt_at

    def crash(**kwargs: object) -> None:
        raise SystemExit("worker killed between the POST and recording it")

    with monkeypatch.context() as patch:
        patch.setattr(machine, "webhook_delivery_record", crash)
        with pytest.raises(SystemExit):
            webhook_delivery_send(delivery_id=delivery.pk, now=t0)
    assert len(receiver.received) == 1  # the receiver got it, Huntaze does not know
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENDING, 1)

    # While the lease holds, no other worker may send it, and nothing is recovered.
    assert webhook_delivery_send(delivery_id=delivery.pk, now=t0 + timedelta(seconds=30)) is None
    assert webhook_deliveries_recover(now=t0 + timedelta(seconds=LEASE_SECONDS - 1)) == 0

    lease_over = t0 + timedelta(seconds=LEASE_SECONDS)
    assert webhook_deliveries_recover(now=lease_over) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.next_attempt_at) == (
        DeliveryStatus.FAILED,
        lease_over + RETRY_DELAYS[0],
    )
    assert delivery.attempt_log.get().error == WORKER_LOST
    assert webhook_deliveries_overdue(now=lease_over + timedelta(minutes=2)) == [delivery.pk]

    retried = webhook_delivery_send(delivery_id=delivery.pk, now=lease_over + RETRY_DELAYS[0])
    assert (retried.status, retried.attempts) == (DeliveryStatus.SUCCEEDED, 2)
    # Nothing more: the sweeper and late jobs find nothing to do.
    assert webhook_deliveries_recover(now=lease_over + timedelta(days=1)) == 0
    assert webhook_delivery_send(delivery_id=delivery.pk, now=lease_over + timedelta(days=1)) is None
    assert receiver.delivery_ids() == [str(delivery.pk), str(delivery.pk)]
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.SUCCEEDED).count() == 1


def test_a_late_worker_cannot_record_over_the_retry(account, webhook, make_event):
    delivery = _one_delivery(webhook, make_event(account))
    now = delivery.next_attempt_at
    token = webhook_delivery_claim(delivery_id=delivery.pk, now=now)
    assert webhook_delivery_claim(delivery_id=delivery.pk, now=now) is None  # one claim at a time
    assert webhook_deliveries_recover(now=now + timedelta(seconds=LEASE_SECONDS)) == 1
    ok = PostResult(status_code=200, error="", response_ms=3)
    assert webhook_delivery_record(delivery_id=delivery.pk, claim_token=token, result=ok) is None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert LEASE_SECONDS > DEADLINE_SECONDS  # a POST is cut off before its lease ends


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_make_one_post(owner, team, account, receiver, make_event):
    hook = webhook_create(user=owner, team_id=team.pk, name="CRM", url=receiver.url, event_types=["new_tip"])
    # Made directly: here (no test transaction) the creation's own queued attempt would run at once.
    delivery = WebhookDelivery.objects.create(
        webhook=hook, event=make_event(account), event_type="new_tip", next_attempt_at=timezone.now()
    )
    receiver.hold.clear()  # the first POST stays in flight while the second worker tries
    start = threading.Barrier(2)
    results: list[object] = []

    def worker() -> None:
        try:
            start.wait()
            results.append(webhook_delivery_send(delivery_id=delivery.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    assert receiver.arrived.wait(10)
    threads[0].join(0.5), threads[1].join(0.5)
    assert results == [None]  # the other worker found it claimed and left, while the POST was in flight
    receiver.hold.set()
    for thread in threads:
        thread.join(15)
    assert len(receiver.received) == 1
    assert sorted(result is None for result in results) == [False, True]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SUCCEEDED, 1)


def test_the_body_is_the_same_at_every_attempt(account, webhook, receiver, make_event):
    delivery = _one_delivery(webhook, make_event(account))
    receiver.statuses.append(500)
    webhook_delivery_send(delivery_id=delivery.pk)
    webhook_delivery_send(delivery_id=delivery.pk, now=timezone.now() + timedelta(seconds=10))
    first, second = receiver.received
    assert first.body == second.body
    assert json.loads(first.body)["id"] == delivery.event_id


def test_events_recorded_by_the_sync_are_delivered_once(
    account, webhook, receiver, django_capture_on_commit_callbacks
):
    draft = EventDraft(
        type="new_tip", source_id="tx-77", occurred_at=timezone.now(), payload={"amount_cents": 500}
    )
    with django_capture_on_commit_callbacks(execute=True):
        [event] = event_record_many(account_id=account.pk, events=[draft])
    with django_capture_on_commit_callbacks(execute=True):
        assert event_record_many(account_id=account.pk, events=[draft]) == []  # seen again: nothing new
    [request] = receiver.received
    assert request.json()["id"] == event.pk
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED


def test_a_receiver_that_does_not_answer_is_cut_off_at_the_deadline(
    monkeypatch, account, webhook, receiver, make_event
):
    monkeypatch.setattr(transport, "DEADLINE_SECONDS", 0.3)
    delivery = _one_delivery(webhook, make_event(account))
    receiver.hold.clear()  # the receiver reads the POST and never answers
    recorded = webhook_delivery_send(delivery_id=delivery.pk)
    receiver.hold.set()
    assert (recorded.status, recorded.last_status_code) == (DeliveryStatus.FAILED, None)
    assert recorded.last_error == "No complete answer within 0.3 s."
    assert recorded.last_response_ms < 3000
