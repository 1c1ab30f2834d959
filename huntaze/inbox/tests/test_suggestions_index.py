"""The reply index: built by the worker after a sync, loaded (not rebuilt) by web processes."""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from pathlib import Path

import pytest

from huntaze.core.tests.factories import BASE_TIME, make_account, make_fan
from huntaze.inbox.choices import Direction
from huntaze.inbox.models import Chat, Message
from huntaze.inbox.suggestions.context import suggestion_context_build
from huntaze.inbox.suggestions.index import (
    PAIRS,
    ReplyHistory,
    newest_message_id,
    reply_index_current,
)
from huntaze.inbox.suggestions.local import LocalEngine
from huntaze.sync.services import sync_run_create
from huntaze.sync.tasks import sync_run_task

_ids = count(9_100_000_000_000)


def say(chat: Chat, *lines: tuple[str, str]) -> None:
    """Append (direction, text) messages to a chat, as the sync would store them."""
    for direction, text in lines:
        n = next(_ids)
        message = Message.objects.create(
            account=chat.account,
            chat=chat,
            fan=chat.fan,
            onlyfans_id=n,
            direction=direction,
            text=text,
            sent_at=BASE_TIME + timedelta(seconds=n % 1_000_000),
        )
    Chat.objects.filter(pk=chat.pk).update(
        last_message_onlyfans_id=message.onlyfans_id, last_message_at=message.sent_at
    )


def reply_text(engine: LocalEngine, chat: Chat) -> str:
    last = Message.objects.filter(chat=chat).order_by("-onlyfans_id").first()
    return engine.drafts(suggestion_context_build(chat=chat, message=last))[0].text


@pytest.fixture
def chat(team):
    """A new fan's chat, on an account whose history has one answered question."""
    account = make_account(team)
    history = Chat.objects.create(account=account, fan=make_fan(account, display_name="Mia"))
    say(
        history,
        (Direction.INCOMING, "what are you doing this weekend"),
        (Direction.OUTGOING, "hiking by the lake, want pictures?"),
    )
    return Chat.objects.create(account=account, fan=make_fan(account, display_name="Zoe"))


@pytest.mark.django_db(transaction=True)
def test_a_sync_in_the_worker_publishes_the_index_and_web_processes_load_it(sim_account, monkeypatch):
    run = sync_run_create(account=sim_account, streams=["fans", "chats"], trigger="test")
    sync_run_task(run.pk)  # Huey runs it inline in tests, as a worker would

    published = reply_index_current(sim_account)
    assert published is not None
    assert published.newest_id == newest_message_id(sim_account.pk)

    def no_build(*args, **kwargs):
        raise AssertionError("a web process rebuilt an index the worker had published")

    monkeypatch.setattr(ReplyHistory, "from_pairs", no_build)
    chat = next(
        c
        for c in Chat.objects.filter(account=sim_account).order_by("pk")
        if c.messages.filter(direction=Direction.INCOMING).exists()
    )
    assert reply_text(LocalEngine(), chat)


def test_new_messages_reach_the_suggestions_through_a_refreshed_index(chat):
    engine = LocalEngine()
    say(chat, (Direction.INCOMING, "any plans for the weekend?"))
    assert reply_text(engine, chat) == "hiking by the lake, want pictures?"
    first = reply_index_current(chat.account)

    say(
        chat,
        (Direction.OUTGOING, "sorry, busy day"),
        (Direction.INCOMING, "do you like pineapple pizza"),
        (Direction.OUTGOING, "only with extra cheese 🍍"),
    )
    other = Chat.objects.create(account=chat.account, fan=make_fan(chat.account))
    say(other, (Direction.INCOMING, "pineapple pizza tonight?"))
    chat = other
    assert reply_text(engine, chat) == "only with extra cheese 🍍"
    assert reply_index_current(chat.account).name != first.name


def test_an_unreadable_published_build_is_rebuilt_not_trusted(chat, settings):
    say(chat, (Direction.INCOMING, "plans this weekend?"))
    assert reply_text(LocalEngine(), chat) == "hiking by the lake, want pictures?"
    broken = reply_index_current(chat.account)
    (pairs_file,) = Path(settings.HUNTAZE_SUGGESTION_INDEX_DIR).glob(f"*/{broken.name}/{PAIRS}")
    pairs_file.write_text("{not json")

    assert reply_text(LocalEngine(), chat) == "hiking by the lake, want pictures?"
    assert reply_index_current(chat.account).name != broken.name
