"""Events from real syncs against the simulator: the initial-sync rule, each type, dedup, resume."""

from __future__ import annotations

import pytest

from huntaze.accounts.services import account_session_set
from huntaze.earnings.models import EarningsEntry
from huntaze.events.models import Event
from huntaze.inbox.models import Chat, Message
from huntaze.simulator.server import SIM_SESSION
from huntaze.sync.streams import chats as chats_stream
from huntaze.sync.tests.conftest import sync

pytestmark = pytest.mark.django_db(transaction=True)


def incoming_ids(account) -> set[int]:
    return set(
        Message.objects.filter(account=account, direction="incoming").values_list("onlyfans_id", flat=True)
    )


def sources(account, kind: str) -> list[str]:
    return sorted(Event.objects.filter(account=account, type=kind).values_list("source_id", flat=True))


def test_the_initial_sync_records_no_history_then_news_arrive_once(sim_account, simulator):
    assert sync(sim_account).status == "succeeded"
    assert Event.objects.filter(account=sim_account).count() == 0  # history is not news

    messages_before = incoming_ids(sim_account)
    ledger_before = set(
        EarningsEntry.objects.filter(account=sim_account).values_list("onlyfans_id", flat=True)
    )
    added = simulator.control.tick(fans=3, messages=6, purchases=4)
    assert sync(sim_account).status == "succeeded"
    assert sync(sim_account).status == "succeeded"  # nothing new: nothing recorded twice

    new_fans = sorted(str(fan_id) for fan_id in added["fans"])
    assert [source.split(":")[0] for source in sources(sim_account, "new_subscriber")] == new_fans
    new_messages = incoming_ids(sim_account) - messages_before
    assert len(new_messages) >= 6
    assert sources(sim_account, "new_message") == sorted(str(i) for i in new_messages)
    new_sales = EarningsEntry.objects.filter(account=sim_account).exclude(onlyfans_id__in=ledger_before)
    tips = sorted(new_sales.filter(kind="tip").values_list("onlyfans_id", flat=True))
    purchases = sorted(new_sales.filter(kind__in=["message", "post"]).values_list("onlyfans_id", flat=True))
    assert len(tips) + len(purchases) == 4
    assert sources(sim_account, "new_tip") == tips
    assert sources(sim_account, "new_purchase") == purchases
    assert set(added["transactions"]) >= set(tips + purchases)
    assert Event.objects.filter(account=sim_account).count() == 3 + len(new_messages) + 4


def test_a_chargeback_and_hostile_text_from_a_sync(sim_account, simulator):
    sync(sim_account)
    added = simulator.control.tick(purchases=1)
    fan_id = simulator.control.state("chats")[0]["userId"]
    simulator.control.fan_writes(fan_id, "<script>alert('x')</script>")
    sync(sim_account)
    sale = added["transactions"][0]
    simulator.control.chargeback(sale)
    sync(sim_account)
    sync(sim_account)
    assert sources(sim_account, "chargeback") == [sale]
    texts = Event.objects.filter(account=sim_account, type="new_message", payload__fan_onlyfans_id=fan_id)
    assert "<script>alert('x')</script>" in [event.payload["text"] for event in texts]


def test_a_sync_killed_mid_chats_then_resumed_records_each_message_once(sim_account, simulator, monkeypatch):
    sync(sim_account)
    before = incoming_ids(sim_account)
    added = simulator.control.tick(messages=12, chats=4)
    broken_fan = added["messages"][0]["userId"]
    broken_chat = Chat.objects.get(account=sim_account, fan__onlyfans_id=broken_fan).pk
    real = chats_stream.messages_upsert_with_events

    def crash_after_writing(**kwargs):
        result = real(**kwargs)  # rows and events written, then the worker "dies" before commit
        if kwargs["chat_id"] == broken_chat:
            raise RuntimeError("worker killed")
        return result

    monkeypatch.setattr(chats_stream, "messages_upsert_with_events", crash_after_writing)
    assert sync(sim_account).status == "failed"
    partial = set(sources(sim_account, "new_message"))
    assert not Message.objects.filter(
        chat_id=broken_chat, onlyfans_id__in=[m["id"] for m in added["messages"]]
    ).exists()
    monkeypatch.undo()

    assert sync(sim_account).status == "succeeded"
    new_messages = incoming_ids(sim_account) - before
    assert sources(sim_account, "new_message") == sorted(str(i) for i in new_messages)
    assert partial < set(sources(sim_account, "new_message"))


def test_session_expiry_and_recovery_are_events(sim_account, simulator):
    sync(sim_account)
    simulator.control.expire_session()
    failed = sync(sim_account)
    assert failed.status == "failed"
    assert sources(sim_account, "session_expired") == [f"run:{failed.pk}"]
    simulator.control.reset_session()
    sim_account.refresh_from_db()
    account_session_set(account=sim_account, session=SIM_SESSION)
    assert sync(sim_account).status == "succeeded"
    expired = Event.objects.get(account=sim_account, type="session_expired")
    assert sources(sim_account, "sync_recovered") == [f"after:{expired.pk}"]
    sync(sim_account)
    assert Event.objects.filter(account=sim_account, type="sync_recovered").count() == 1
