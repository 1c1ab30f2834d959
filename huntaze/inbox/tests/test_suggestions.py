"""Suggestions from the local engine, on a history synced from the simulator."""

from __future__ import annotations

import pytest
from django.utils import timezone

from huntaze.core.exceptions import NotFoundError
from huntaze.core.tests import factories
from huntaze.inbox.choices import Direction
from huntaze.inbox.models import Chat, Message, Suggestion
from huntaze.inbox.suggestions.context import suggestion_context_build
from huntaze.inbox.suggestions.services import (
    LOCAL_ENGINE,
    suggestion_acceptance,
    suggestion_reject,
    suggestions_generate,
)
from huntaze.presets.selectors import preset_get
from huntaze.sync.tests.conftest import sync

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def synced(sim_account):
    assert sync(sim_account, streams=["fans", "chats", "earnings"]).status == "succeeded"
    return sim_account


def chat_answered_before(account) -> Chat:
    """A chat whose latest message is from the fan."""
    for chat in Chat.objects.filter(account=account).order_by("pk"):
        last = Message.objects.filter(chat=chat).order_by("-sent_at", "-onlyfans_id").first()
        if last is not None and last.direction == Direction.INCOMING and last.text:
            return chat
    raise AssertionError("no chat ends with a fan message")


def test_three_drafts_of_different_intent_grounded_in_history_and_preset(owner, synced):
    chat = chat_answered_before(synced)
    suggestions = suggestions_generate(user=owner, chat_id=chat.pk)
    assert [s.intent for s in suggestions] == ["reply", "upsell", "reengage"]
    reply, upsell, reengage = suggestions
    assert reply.source.startswith(("history:message:", "preset:gfe:"))
    if reply.source.startswith("history:message:"):
        past = Message.objects.get(account=synced, onlyfans_id=int(reply.source.rsplit(":", 1)[1]))
        assert past.direction == Direction.OUTGOING  # the creator's own words
    preset = preset_get(slug="gfe")
    tiers = preset.pricing.ppv_tiers
    lowest = min(t.min_cents for t in (tiers.teaser, tiers.standard, tiers.premium, tiers.custom))
    highest = max(t.max_cents for t in (tiers.teaser, tiers.standard, tiers.premium, tiers.custom))
    assert lowest <= upsell.price_cents <= highest
    assert upsell.source.startswith("preset:gfe:upsell:")
    assert reengage.source.startswith("preset:gfe:")
    assert all(s.rationale and "{" not in s.text for s in suggestions)
    assert Suggestion.objects.filter(chat=chat).count() == 3


def test_the_same_history_gives_the_same_drafts(owner, synced):
    chat = chat_answered_before(synced)
    first = [(s.intent, s.text, s.price_cents) for s in suggestions_generate(user=owner, chat_id=chat.pk)]
    again = [(s.intent, s.text, s.price_cents) for s in suggestions_generate(user=owner, chat_id=chat.pk)]
    assert first == again


def test_a_draft_the_compliance_guard_blocks_is_never_shown(owner, synced):
    chat = chat_answered_before(synced)
    fan_message = Message.objects.filter(chat=chat).order_by("-sent_at").first()
    # The creator once answered this very message with an off-platform contact: the engine
    # would retrieve it as the best reply, so the guard must drop it.
    Message.objects.create(
        account=synced,
        chat=chat,
        fan=chat.fan,
        onlyfans_id=9_999_999_999,
        direction=Direction.OUTGOING,
        text="add me on snapchat luna_x and I'll send you more",
        sent_at=timezone.now(),
    )
    other = Chat.objects.filter(account=synced).exclude(pk=chat.pk).order_by("pk").first()
    Message.objects.create(
        account=synced,
        chat=other,
        fan=other.fan,
        onlyfans_id=9_999_999_998,
        direction=Direction.INCOMING,
        text=fan_message.text,
        sent_at=timezone.now(),
    )
    drafted = LOCAL_ENGINE.drafts(suggestion_context_build(chat=other, message=None))
    assert "snapchat" in drafted[0].text  # the engine did retrieve it…
    suggestions = suggestions_generate(user=owner, chat_id=other.pk)
    assert all("snapchat" not in s.text.lower() for s in suggestions)  # …the guard dropped it
    assert not Suggestion.objects.filter(text__icontains="snapchat").exists()


def test_suggestions_of_another_team_are_not_found(synced):
    stranger = factories.make_user("stranger")
    factories.make_team("Team B", owner=stranger)
    chat = Chat.objects.filter(account=synced).first()
    with pytest.raises(NotFoundError):
        suggestions_generate(user=stranger, chat_id=chat.pk)


def test_suggestions_api_returns_the_stored_drafts(client, owner, synced):
    chat = chat_answered_before(synced)
    client.force_login(owner)
    response = client.post(
        "/api/onlyfans/suggestions/generate", {"chat_id": chat.pk}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert [s["intent"] for s in response.json()] == ["reply", "upsell", "reengage"]
    assert {s["id"] for s in response.json()} == set(
        Suggestion.objects.filter(chat=chat).values_list("pk", flat=True)
    )


def test_rejections_edits_and_approvals_give_the_acceptance_rate_per_engine(owner, synced):
    chat = chat_answered_before(synced)
    reply, upsell, reengage = suggestions_generate(user=owner, chat_id=chat.pk)
    suggestion_reject(user=owner, suggestion_id=upsell.pk)
    Suggestion.objects.filter(pk=reply.pk).update(status="edited")
    counts = suggestion_acceptance(user=owner, account_id=synced.pk)
    assert counts["local"]["rejected"] == 1
    assert counts["local"]["edited"] == 1
    assert counts["local"]["pending"] == 1
    stranger = factories.make_user("nosy")
    factories.make_team("Team C", owner=stranger)
    assert suggestion_acceptance(user=stranger, account_id=synced.pk) == {}
    with pytest.raises(NotFoundError):
        suggestion_reject(user=stranger, suggestion_id=reengage.pk)
