"""The LLM engine against a local OpenAI-compatible server over HTTP."""

from __future__ import annotations

import pytest

from huntaze.inbox.suggestions.services import suggestions_generate
from huntaze.inbox.tests.fake_llm import fake_llm_server
from huntaze.inbox.tests.test_suggestions import chat_answered_before
from huntaze.presets.selectors import preset_get
from huntaze.sync.tests.conftest import sync

pytestmark = pytest.mark.django_db(transaction=True)

GOOD = [
    {"intent": "reply", "text": "Aw that made me smile, tell me more 😘", "rationale": "warm follow-up"},
    {"intent": "upsell", "text": "I filmed something just for you…", "price_cents": 999_999},
    {"intent": "reengage", "text": "Thinking of you today, how was work?", "price_cents": None},
]


@pytest.fixture
def llm(settings, sim_account):
    assert sync(sim_account, streams=["fans", "chats", "earnings"]).status == "succeeded"
    with fake_llm_server() as fake:
        settings.HUNTAZE_SUGGESTION_ENGINE = "llm"
        settings.HUNTAZE_LLM_BASE_URL = fake.base_url
        settings.HUNTAZE_LLM_MODEL = "test-model"
        settings.HUNTAZE_LLM_API_KEY = "sk-test"
        settings.HUNTAZE_LLM_TIMEOUT_SECONDS = 1
        yield fake


def test_llm_drafts_are_used_with_the_preset_and_fan_in_the_prompt(owner, sim_account, llm):
    llm.answer_with(GOOD)
    chat = chat_answered_before(sim_account)
    suggestions = suggestions_generate(user=owner, chat_id=chat.pk)
    assert [(s.intent, s.engine, s.model) for s in suggestions] == [
        ("reply", "llm", "test-model"),
        ("upsell", "llm", "test-model"),
        ("reengage", "llm", "test-model"),
    ]
    tier = preset_get(slug="gfe").pricing.ppv_tiers
    assert suggestions[1].price_cents <= max(
        t.max_cents for t in (tier.teaser, tier.standard, tier.premium, tier.custom)
    )
    (request,) = llm.requests
    assert request["headers"]["authorization"] == "Bearer sk-test"
    system, user = (m["content"] for m in request["body"]["messages"])
    assert "Girlfriend" in system or "GFE" in system
    assert "outside OnlyFans" in system
    last_fan_message = next(m for m in user.splitlines() if m.startswith("Message to answer:"))
    assert last_fan_message.removeprefix("Message to answer: ").strip()


@pytest.mark.parametrize(
    "break_it",
    [
        lambda fake: setattr(fake, "status", 500),
        lambda fake: setattr(fake, "content", "I am sorry, I cannot help with that."),
        lambda fake: fake.answer_with(GOOD[:1]),  # no upsell or re-engage draft
        lambda fake: setattr(fake, "delay", 1.5),  # beyond the 1 s timeout
    ],
    ids=["server-error", "prose", "incomplete", "timeout"],
)
def test_a_failing_llm_falls_back_to_local_and_says_so(owner, sim_account, llm, break_it):
    break_it(llm)
    chat = chat_answered_before(sim_account)
    suggestions = suggestions_generate(user=owner, chat_id=chat.pk)
    assert [s.intent for s in suggestions] == ["reply", "upsell", "reengage"]
    assert {s.engine for s in suggestions} == {"local"}
    assert all(s.rationale.startswith("LLM unavailable") for s in suggestions)


def test_an_llm_draft_hitting_a_block_rule_is_never_shown(owner, sim_account, llm):
    llm.answer_with([{**GOOD[0], "text": "dm me on telegram @luna"}, *GOOD[1:]])
    chat = chat_answered_before(sim_account)
    suggestions = suggestions_generate(user=owner, chat_id=chat.pk)
    assert [s.intent for s in suggestions] == ["upsell", "reengage"]
