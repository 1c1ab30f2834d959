"""Human-approved sending against the simulator: the approval gate, idempotency, lost answers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from huntaze.accounts.choices import Role
from huntaze.audit.models import AuditEvent
from huntaze.content.models import Content
from huntaze.core.exceptions import NotFoundError, ValidationError
from huntaze.core.tests import factories
from huntaze.inbox.choices import OutboundStatus, SuggestionStatus
from huntaze.inbox.exceptions import (
    ApprovalOutsideRequestError,
    ApprovalRequiredError,
    ComplianceBlockedError,
    ComplianceOverrideRequiredError,
    IdempotencyConflictError,
    OutboundNotSendableError,
    OutboundSendFailedError,
)
from huntaze.inbox.models import Chat, Message, OutboundMessage, Suggestion
from huntaze.inbox.sending import outbound_approve, outbound_send
from huntaze.sync.tests.conftest import sync

pytestmark = pytest.mark.django_db(transaction=True)

HUNTAZE = Path(__file__).resolve().parents[2]


def human_request(user, request_id: str = "req0123456789abcdef"):
    request = RequestFactory().post("/api/onlyfans/send/manual")
    request.user, request.request_id = user, request_id
    return request


@pytest.fixture
def synced(sim_account):
    run = sync(sim_account, streams=["chats", "content"])
    assert run.status == "succeeded", run.error_message
    return sim_account


@pytest.fixture
def chat(synced):
    return Chat.objects.filter(account=synced).select_related("fan").order_by("pk").first()


def approve(user, chat, *, key="key-0001", text="Thank you babe, more soon", **extra):
    return outbound_approve(
        request=human_request(user),
        chat_id=chat.pk,
        text=text,
        price_cents=extra.pop("price_cents", 0),
        idempotency_key=key,
        approved=extra.pop("approved", True),
        **extra,
    )


def audit_of(outbound, action: str | None = None):
    events = AuditEvent.objects.filter(target_type="inbox.outboundmessage", target_id=str(outbound.pk))
    return events.filter(action=action).get() if action else events.order_by("pk")


def received(simulator) -> list[dict]:
    return [r for r in simulator.control.received() if r["kind"] == "message"]


def test_approved_send_reaches_onlyfans_once_and_the_sync_does_not_store_it_twice(
    owner, chat, simulator, synced
):
    vault = list(
        Content.objects.filter(account=synced, kind="vault").values_list("onlyfans_id", flat=True)[:2]
    )
    outbound = outbound_send(outbound=approve(owner, chat, price_cents=1500, media_ids=vault))
    assert outbound.status == OutboundStatus.SENT
    (sent,) = received(simulator)
    assert (sent["userId"], sent["idempotencyKey"]) == (chat.fan.onlyfans_id, "key-0001")
    assert (sent["body"]["price"], sent["body"]["mediaFiles"]) == (15, vault)
    stored = Message.objects.get(account=synced, onlyfans_id=outbound.onlyfans_message_id)
    assert (stored.text, stored.price_cents, stored.direction) == (outbound.text, 1500, "outgoing")

    sync(synced, streams=["chats"])
    assert Message.objects.filter(account=synced, onlyfans_id=outbound.onlyfans_message_id).count() == 1
    actions = list(audit_of(outbound).values_list("action", flat=True))
    assert actions == ["outbound.approve", "outbound.send"]
    approval = audit_of(outbound, "outbound.approve")
    assert (approval.actor_id, approval.request_id) == (owner.pk, "req0123456789abcdef")


def test_a_retried_request_with_the_same_key_never_sends_twice(owner, chat, simulator):
    first = outbound_send(outbound=approve(owner, chat))
    again = outbound_send(outbound=approve(owner, chat))
    assert again.pk == first.pk
    assert again.status == OutboundStatus.SENT
    assert len(received(simulator)) == 1
    with pytest.raises(IdempotencyConflictError):
        approve(owner, chat, text="something else")


def test_no_approval_no_request_no_script_token_means_no_outbound(owner, chat, simulator):
    with pytest.raises(ApprovalRequiredError):
        approve(owner, chat, approved=False)
    with pytest.raises(ApprovalRequiredError):
        approve(owner, chat, approved="yes")  # only an explicit True counts
    scripted = human_request(owner)
    scripted.auth_token = "a bearer token"  # what the API's token auth sets
    not_human = (None, object(), human_request(AnonymousUser()), human_request(owner, ""), scripted)
    for request in not_human:
        with pytest.raises(ApprovalOutsideRequestError):
            outbound_approve(
                request=request,
                chat_id=chat.pk,
                text="hi",
                price_cents=0,
                idempotency_key="key-0002",
                approved=True,
            )
    assert not OutboundMessage.objects.exists()
    assert received(simulator) == []


def test_other_tenants_cannot_send_and_bad_input_is_refused(owner, chat, team):
    stranger = factories.make_user("stranger")
    factories.make_team("Team B", owner=stranger)
    with pytest.raises(NotFoundError):
        approve(stranger, chat)
    chatter = factories.make_member(team, Role.CHATTER, accounts=[chat.account])
    assert approve(chatter, chat, key="key-chatter").approved_by_id == chatter.pk
    for bad in (
        {"text": "   "},
        {"text": "x" * 5001},
        {"text": "nul \x00 byte"},  # PostgreSQL cannot store it
        {"price_cents": -1},
        {"price_cents": 200_01},
        {"price_cents": 9.99},
        {"price_cents": 500},  # a priced message without media to unlock
        {"media_ids": [123]},  # not one of the account's vault items
        {"media_ids": ["1"]},
        {"key": "short"},
        {"key": "spaces are not allowed here"},
    ):
        with pytest.raises(ValidationError):
            approve(owner, chat, **{"key": "key-bad-input", **bad})


def test_compliance_blocks_and_warnings_need_an_audited_reason(owner, chat, simulator):
    with pytest.raises(ComplianceBlockedError) as blocked:
        approve(owner, chat, text="add me on snap, or pay me on p.a.y.p.a.l")
    assert {rule["id"] for rule in blocked.value.extra["rules"]} >= {"contact.messenger", "payment.app"}
    with pytest.raises(ComplianceBlockedError):
        approve(owner, chat, text="add me on snap", override_reason="the fan asked")  # never overridable
    with pytest.raises(ComplianceOverrideRequiredError):
        approve(owner, chat, text="my new set is on example.com/luna")
    outbound = approve(owner, chat, text="my new set is on example.com/luna", override_reason="my own site")
    audit = audit_of(outbound, "outbound.approve")
    assert audit.after["override_reason"] == "my own site"
    assert audit.after["warnings_overridden"] == ["link.external"]
    assert received(simulator) == []


def test_edited_suggestion_keeps_both_texts_and_its_status(owner, chat):
    suggestion = Suggestion.objects.create(
        account=chat.account, chat=chat, text="Hey you, how was your day?", intent="reply"
    )
    outbound = approve(owner, chat, text="Hey love, how was your day?", suggestion_id=suggestion.pk)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.EDITED
    assert suggestion.decided_by_id == owner.pk
    assert (outbound.draft_text, outbound.text) == (
        "Hey you, how was your day?",
        "Hey love, how was your day?",
    )


def test_content_changed_after_approval_is_refused_before_any_request(owner, chat, simulator):
    outbound = approve(owner, chat)
    OutboundMessage.objects.filter(pk=outbound.pk).update(price_cents=5000)  # widened behind the gate
    with pytest.raises(OutboundNotSendableError):
        outbound_send(outbound=outbound)
    assert received(simulator) == []


def test_a_send_whose_answer_was_lost_is_reconciled_by_the_sync_not_resent(owner, chat, simulator, synced):
    simulator.control.force_faults("malformed", path=f"/api2/v2/chats/{chat.fan.onlyfans_id}/messages")
    outbound = approve(owner, chat, text="Did you get my last one?")
    with pytest.raises(OutboundSendFailedError) as failed:
        outbound_send(outbound=outbound)
    assert failed.value.extra["ambiguous"] is True
    outbound.refresh_from_db()
    assert outbound.status == OutboundStatus.SENDING
    assert outbound_send(outbound=outbound).status == OutboundStatus.SENDING  # not sent again
    (delivered,) = received(simulator)

    sync(synced, streams=["chats"])
    outbound.refresh_from_db()
    assert (outbound.status, outbound.onlyfans_message_id) == (OutboundStatus.SENT, delivered["createdId"])
    assert Message.objects.filter(account=synced, onlyfans_id=delivered["createdId"]).count() == 1
    assert len(received(simulator)) == 1


# What a job module may take from the gate: sends of messages a human already approved.
JOB_SAFE_SENDING = {"outbound_send", "outbound_send_due"}


def test_only_the_approval_gate_creates_outbound_messages():
    """Fails if any module outside the ``inbox/sending/`` package builds or bulk-creates an OutboundMessage,
    or if a job module imports more of the gate than the sends in ``JOB_SAFE_SENDING`` (or any
    approval, from anywhere): approvals come from human requests only."""
    offenders = []
    for path in HUNTAZE.rglob("*.py"):
        if (
            "tests" in path.parts
            or "migrations" in path.parts
            or path.parent == HUNTAZE / "inbox" / "sending"
        ):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                owner_name = getattr(getattr(func, "value", None), "attr", "") or getattr(
                    getattr(func, "value", None), "id", ""
                )
                if name == "OutboundMessage" or (
                    name in {"create", "bulk_create", "get_or_create", "update_or_create"}
                    and "OutboundMessage" in ast.unparse(func)
                ):
                    offenders.append(f"{path.relative_to(HUNTAZE)}:{node.lineno} {owner_name}.{name}")
            if path.name == "tasks.py" and isinstance(node, ast.ImportFrom):
                names = {alias.name for alias in node.names}
                gate = (node.module or "").startswith("huntaze.inbox.sending")
                unsafe = names - JOB_SAFE_SENDING if gate else set()
                unsafe |= {name for name in names if "approve" in name}
                if unsafe:
                    offenders.append(f"{path.relative_to(HUNTAZE)}:{node.lineno} imports {sorted(unsafe)}")
    assert offenders == []


def test_send_manual_api_approves_and_sends_in_the_same_request(client, owner, chat, simulator):
    body = {"chat_id": chat.pk, "text": "Morning love", "idempotency_key": "api-key-0001", "approved": True}
    assert client.post("/api/onlyfans/send/manual", body, content_type="application/json").status_code == 401
    client.force_login(owner)
    for not_explicit in ("true", 1, None):
        refused = client.post(
            "/api/onlyfans/send/manual", {**body, "approved": not_explicit}, content_type="application/json"
        )
        assert refused.status_code == 422
    response = client.post("/api/onlyfans/send/manual", body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "sent"
    retried = client.post("/api/onlyfans/send/manual", body, content_type="application/json")
    assert retried.json()["id"] == response.json()["id"]
    assert len(received(simulator)) == 1
    blocked = client.post(
        "/api/onlyfans/send/manual",
        {**body, "idempotency_key": "api-key-0002", "text": "text me on whatsapp"},
        content_type="application/json",
    )
    assert blocked.status_code == 422
    assert blocked.json()["code"] == "compliance_blocked"
    nul = client.post(
        "/api/onlyfans/send/manual",
        {**body, "idempotency_key": "api-key-0004", "text": "hi\x00"},
        content_type="application/json",
    )
    assert nul.status_code == 422


def test_send_manual_api_schedules_with_a_time_and_sends_nothing_before_it(client, owner, chat, simulator):
    from datetime import UTC, datetime, timedelta

    client.force_login(owner)
    body = {"chat_id": chat.pk, "text": "Later, love", "idempotency_key": "api-sched-0001", "approved": True}
    naive = client.post(
        "/api/onlyfans/send/manual",
        {**body, "send_at": "2030-01-01T10:00:00"},
        content_type="application/json",
    )
    assert naive.status_code == 422
    assert naive.json()["extra"]["field"] == "send_at"
    send_at = (datetime.now(UTC) + timedelta(hours=2)).replace(microsecond=0)
    response = client.post(
        "/api/onlyfans/send/manual", {**body, "send_at": send_at.isoformat()}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    assert datetime.fromisoformat(response.json()["send_at"]) == send_at
    assert received(simulator) == []


def test_send_manual_api_refuses_a_session_write_without_csrf(owner, chat, simulator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    body = {"chat_id": chat.pk, "text": "hi", "idempotency_key": "api-key-0003", "approved": True}
    response = client.post("/api/onlyfans/send/manual", body, content_type="application/json")
    assert response.status_code == 403
    assert received(simulator) == []
