"""Sending from the inbox page against the simulator: suggestion cards, the composer, compliance,
idempotency, failures, and a fan message arriving live."""

from __future__ import annotations

import re

import pytest
from django.db.models import Max
from django.urls import reverse

from huntaze.audit.models import AuditEvent
from huntaze.content.models import Content
from huntaze.core.tests.factories import make_member, make_team
from huntaze.inbox.choices import OutboundStatus, SuggestionStatus
from huntaze.inbox.models import Chat, Message, OutboundMessage, Suggestion
from huntaze.inbox.suggestions.engine import SuggestionDraft
from huntaze.sync.tests.conftest import sync

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def chat(sim_account):
    run = sync(sim_account, streams=["chats", "content"])
    assert run.status == "succeeded", run.error_message
    return Chat.objects.filter(account=sim_account).select_related("fan").order_by("pk").first()


@pytest.fixture
def logged_in(client, owner, chat):
    client.force_login(owner)
    return client


def received(simulator) -> list[dict]:
    return [r for r in simulator.control.received() if r["kind"] == "message"]


def composer_key(response) -> str:
    return re.search(r'id="composer-key" value="([^"]+)"', response.content.decode()).group(1)


def send(client, chat, **data):
    form = {"idempotency_key": "key-0000001", "approved": "true", **data}
    return client.post(reverse("inbox:send", args=[chat.pk]), form, headers=HTMX)


def cards(client, chat) -> list[dict[str, str]]:
    """The generated suggestion cards: id, text and the send form's key of each."""
    response = client.post(reverse("inbox:suggestions", args=[chat.pk]), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<article") == 3
    found = re.findall(
        r'<input type="hidden" name="text" value="([^"]*)">\s*'
        r'<input type="hidden" name="suggestion_id" value="(\d+)">\s*'
        r'<input type="hidden" name="idempotency_key" value="([^"]+)">',
        html,
    )
    return [{"text": text, "suggestion_id": sid, "idempotency_key": k} for text, sid, k in found]


def test_approve_and_send_a_card_reaches_onlyfans_once(logged_in, owner, chat, simulator):
    html = logged_in.post(reverse("inbox:suggestions", args=[chat.pk]), headers=HTMX).content.decode()
    for label in ("Approve & send", "Edit", "Reject"):
        assert f">{label}</button>" in html
    card = cards(logged_in, chat)[0]
    suggestion = Suggestion.objects.get(pk=card["suggestion_id"])
    response = send(logged_in, chat, **card)
    assert response.status_code == 200, response.content
    assert "Sent." in response.content.decode()
    assert response["HX-Trigger"] == "inbox-sent"
    outbound = OutboundMessage.objects.get()
    assert (outbound.status, outbound.text, outbound.approved_by_id) == (
        OutboundStatus.SENT,
        suggestion.text,
        owner.pk,
    )
    (sent,) = received(simulator)
    assert (sent["userId"], sent["idempotencyKey"]) == (chat.fan.onlyfans_id, card["idempotency_key"])
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.SENT
    # The answer gives the composer a fresh key for its next message.
    assert composer_key(response) != card["idempotency_key"]


def test_a_double_submit_with_the_same_key_sends_once(logged_in, chat, simulator):
    first = send(logged_in, chat, text="See you tonight")
    again = send(logged_in, chat, text="See you tonight")
    assert first.status_code == again.status_code == 200
    assert "Sent." in again.content.decode()
    assert OutboundMessage.objects.count() == 1
    assert len(received(simulator)) == 1
    # The same key for another text is refused, nothing more is sent.
    conflict = send(logged_in, chat, text="Something else")
    assert conflict.status_code == 409
    assert 'data-error-code="idempotency_conflict"' in conflict.content.decode()
    assert len(received(simulator)) == 1


def test_edit_then_send_keeps_the_draft_and_the_final_text(logged_in, owner, chat, simulator):
    card = cards(logged_in, chat)[0]
    response = send(logged_in, chat, **{**card, "text": card["text"] + " Miss you already."})
    assert response.status_code == 200, response.content
    outbound = OutboundMessage.objects.get()
    suggestion = Suggestion.objects.get(pk=card["suggestion_id"])
    assert outbound.draft_text == suggestion.text
    assert outbound.text == suggestion.text + " Miss you already."
    approval = AuditEvent.objects.get(action="outbound.approve", target_id=str(outbound.pk))
    assert approval.before == {"draft_text": suggestion.text}
    assert approval.after["text"] == outbound.text
    (sent,) = received(simulator)
    assert "Miss you already." in sent["body"]["text"]


def test_the_free_composer_sends_a_priced_message_with_vault_media(logged_in, chat, simulator):
    vault = list(
        Content.objects.filter(account=chat.account, kind="vault").values_list("onlyfans_id", flat=True)[:2]
    )
    picker = logged_in.get(reverse("inbox:vault_media", args=[chat.pk]), headers=HTMX).content.decode()
    assert f'<option value="{vault[0]}">' in picker
    assert 'name="media_ids" multiple' in picker
    response = send(logged_in, chat, text="A little something", price="12.50", media_ids=vault)
    assert response.status_code == 200, response.content
    outbound = OutboundMessage.objects.get()
    assert (outbound.price_cents, outbound.media_ids, outbound.suggestion_id) == (1250, vault, None)
    (sent,) = received(simulator)
    assert sent["body"]["price"] == 12.5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"approved": ""}, "explicit approval"),
        ({"approved": "yes"}, "Select a valid choice"),
        ({"text": "   "}, "The message is empty."),
        ({"price": "abc"}, "Price: Enter a number."),
        ({"price": "-1"}, "Price: Ensure this value is greater than or equal to 0."),
        ({"price": "500"}, "The price must be between $0 and $200."),
        ({"price": "5"}, "A priced message needs media to unlock."),
        ({"media_ids": ["nope"]}, "Pick media from the list."),
        ({"idempotency_key": "short"}, "The idempotency key must be"),
    ],
)
def test_bad_input_is_a_clear_422_and_nothing_is_sent(logged_in, chat, simulator, data, message):
    response = send(logged_in, chat, **{"text": "hello you", **data})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not OutboundMessage.objects.exists()
    assert received(simulator) == []


def test_a_compliance_block_shows_the_rules_and_sends_nothing(logged_in, chat, simulator):
    response = send(logged_in, chat, text="add me on snap", override_reason="the fan asked")
    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-error-code="compliance_blocked"' in html
    assert "<li>" in html  # each rule hit is listed
    assert not OutboundMessage.objects.exists()
    assert received(simulator) == []


def test_a_warning_asks_for_a_reason_then_sends_with_it(logged_in, chat, simulator):
    text = "my new set is on example.com/luna"
    response = send(logged_in, chat, text=text)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-error-code="compliance_override_required"' in html
    assert '<input name="override_reason"' in html
    assert ">Send with this reason</button>" in html
    assert not OutboundMessage.objects.exists()
    # The same form (same key) resubmitted with the reason.
    response = send(logged_in, chat, text=text, override_reason="my own site")
    assert response.status_code == 200, response.content
    outbound = OutboundMessage.objects.get()
    approval = AuditEvent.objects.get(action="outbound.approve", target_id=str(outbound.pk))
    assert approval.after["override_reason"] == "my own site"
    assert len(received(simulator)) == 1


def test_a_card_shows_its_compliance_warnings(logged_in, chat, monkeypatch):
    class Warned:
        name = "test"

        def drafts(self, context):
            return [SuggestionDraft("reply", "Find my new set on example.com/luna", None, "why", "test")]

    monkeypatch.setattr("huntaze.inbox.suggestions.services.suggestion_engine_for", lambda account: Warned())
    html = logged_in.post(reverse("inbox:suggestions", args=[chat.pk]), headers=HTMX).content.decode()
    assert "Needs a reason to send:" in html
    assert "<q>example.com/luna</q>" in html


def test_a_lost_answer_shows_the_send_as_pending_until_confirmed(logged_in, owner, chat, simulator):
    simulator.control.force_faults("malformed", path=f"/api2/v2/chats/{chat.fan.onlyfans_id}/messages")
    response = send(logged_in, chat, text="Did you get it?")
    assert response.status_code == 200
    html = response.content.decode()
    assert "waiting for OnlyFans to confirm" in html
    outbound = OutboundMessage.objects.get()
    assert f'hx-get="{reverse("inbox:outbound_state", args=[outbound.pk])}" hx-trigger="every 5s"' in html
    simulator.control.clear_faults()
    sync(chat.account, streams=["chats"])  # the sync matches the send to the stored message
    state = logged_in.get(reverse("inbox:outbound_state", args=[outbound.pk]), headers=HTMX).content.decode()
    assert "Sent." in state
    assert "hx-trigger" not in state
    stranger = make_member(make_team("B"), "owner")
    logged_in.force_login(stranger)
    assert logged_in.get(reverse("inbox:outbound_state", args=[outbound.pk])).status_code == 404


def test_a_refused_send_shows_why(logged_in, chat, simulator):
    simulator.control.force_faults("403", path=f"/api2/v2/chats/{chat.fan.onlyfans_id}/messages")
    response = send(logged_in, chat, text="Hello there")
    assert response.status_code == 200
    assert "Not sent:" in response.content.decode()
    assert OutboundMessage.objects.get().status == OutboundStatus.FAILED


def test_a_new_fan_message_appears_on_the_next_poll(logged_in, chat, simulator):
    page = logged_in.get(reverse("inbox:index"))
    newest = Message.objects.filter(account=chat.account).aggregate(Max("pk"))["pk__max"]
    simulator.control.tick(messages=1, chats=1)
    sync(chat.account, streams=["chats"])
    new = Message.objects.get(account=chat.account, pk__gt=newest)
    shown = Message.objects.filter(chat_id=new.chat_id, pk__lt=new.pk).order_by("-sent_at", "-pk").first()
    state = {
        "chat": new.chat_id,
        "after": shown.pk,
        "signature": page.context["signature"],
        "sync": page.context["sync_token"],
    }
    response = logged_in.get(reverse("inbox:updates"), state, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    appended = html.split(f'hx-swap-oob="beforeend:#thread-messages-{new.chat_id}"')[1].split("</ol>")[0]
    assert re.findall(r'<li id="message-(\d+)"', appended) == [str(new.pk)]
    assert 'id="sync-status" hx-swap-oob="innerHTML"' in html  # a sync ran meanwhile
    assert 'id="conversations"' in html  # the list moved: reloaded from the top
