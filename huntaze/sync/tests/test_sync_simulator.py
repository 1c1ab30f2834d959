"""The sync engine against the simulator: exact state, incremental cost, conflicts, failures."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from huntaze.accounts.models import OnlyFansAccount
from huntaze.audit.models import AuditEvent
from huntaze.content.models import Content
from huntaze.earnings.models import EarningsEntry
from huntaze.fans.models import Fan
from huntaze.fans.services import fan_notes_set, fan_tags_set
from huntaze.inbox.models import Chat, Message, MessageRevision
from huntaze.sync.exceptions import SyncNotAllowedError
from huntaze.sync.models import SyncState
from huntaze.sync.streams.chats import CHAT_CONCURRENCY
from huntaze.sync.tests.conftest import sync

pytestmark = pytest.mark.django_db(transaction=True)

STATUS = {"done": "done", "loading": "pending", "undo": "chargeback"}


def assert_matches_simulator(account, control) -> None:
    """Row by row: fans and spend, every chat's messages, the ledger, content counts."""
    remote_fans = {f["id"]: f for f in control.state("fans")}
    local_fans = {f.onlyfans_id: f for f in Fan.objects.filter(account=account)}
    assert set(local_fans) >= set(remote_fans)
    for fan_id, remote in remote_fans.items():
        assert local_fans[fan_id].spend_total_cents == remote["spendCents"]["totalSumm"], fan_id
    for chat in control.state("chats"):
        remote_ids = [m["id"] for m in control.state(f"chats/{chat['userId']}/messages")]
        local_ids = list(
            Message.objects.filter(account=account, fan__onlyfans_id=chat["userId"], is_deleted=False)
            .order_by("onlyfans_id")
            .values_list("onlyfans_id", flat=True)
        )
        assert local_ids == sorted(remote_ids), chat["userId"]
    remote_ledger = {t["id"]: t for t in control.state("transactions")}
    local_ledger = {e.onlyfans_id: e for e in EarningsEntry.objects.filter(account=account)}
    assert set(local_ledger) == set(remote_ledger)
    for tx_id, remote in remote_ledger.items():
        assert local_ledger[tx_id].status == STATUS[remote["status"]]
        assert local_ledger[tx_id].kind == remote["kind"]
    summary = control.state()
    assert Content.objects.filter(account=account, kind="post").count() == summary["posts"]
    assert Content.objects.filter(account=account, kind="vault").count() == summary["vault"]
    assert Chat.objects.filter(account=account).count() == summary["chats"]


def stream_requests(account) -> dict[str, int]:
    return dict(SyncState.objects.filter(account=account).values_list("stream", "requests_total"))


def test_initial_sync_equals_the_simulator_row_by_row(sim_account, simulator):
    run = sync(sim_account)
    assert run.status == "succeeded", (run.error_class, run.error_message)
    assert_matches_simulator(sim_account, simulator.control)
    assert OnlyFansAccount.objects.get(pk=sim_account.pk).last_sync_at is not None


def test_incremental_sync_with_nothing_new_costs_at_most_one_request_per_stream(sim_account):
    sync(sim_account)
    before = stream_requests(sim_account)
    run = sync(sim_account)
    after = stream_requests(sim_account)
    assert run.status == "succeeded"
    assert {stream: after[stream] - before[stream] for stream in after} == {
        "fans": 1,
        "chats": 1,
        "content": 1,
        "earnings": 1,
    }


def test_incremental_sync_picks_up_new_fans_messages_and_purchases(sim_account, simulator):
    sync(sim_account)
    simulator.control.tick(fans=4, messages=7, purchases=3)
    run = sync(sim_account)
    assert run.status == "succeeded"
    assert_matches_simulator(sim_account, simulator.control)


def test_local_tags_and_notes_survive_syncs(sim_account, simulator, owner):
    sync(sim_account)
    fan = Fan.objects.filter(account=sim_account).order_by("-spend_total_cents").first()
    fan_tags_set(user=owner, fan_id=fan.pk, tags=["whale"])
    fan_notes_set(user=owner, fan_id=fan.pk, notes="birthday in May")
    simulator.control.set_spend(fan.onlyfans_id, tipsSumm=999)
    SyncState.objects.filter(account=sim_account, stream="fans").update(cursor={})  # force a full fan walk
    sync(sim_account)
    fan.refresh_from_db()
    assert fan.notes == "birthday in May"
    assert list(fan.tags.values_list("name", flat=True)) == ["whale"]
    assert fan.spend_tips_cents == 99_900


def test_remote_edit_and_delete_are_applied_and_recorded(sim_account, simulator):
    sync(sim_account)
    chat = simulator.control.state("chats")[0]
    messages = simulator.control.state(f"chats/{chat['userId']}/messages")
    newest, older = messages[0], messages[1]
    simulator.control.edit_message(chat["userId"], older["id"], "edited on OnlyFans")
    simulator.control.delete_message(chat["userId"], newest["id"])
    SyncState.objects.filter(account=sim_account, stream="chats").update(
        cursor={"complete": True}
    )  # recheck due
    sync(sim_account)
    edited = Message.objects.get(account=sim_account, onlyfans_id=older["id"])
    deleted = Message.objects.get(account=sim_account, onlyfans_id=newest["id"])
    assert edited.text == "edited on OnlyFans"
    assert deleted.is_deleted
    kinds = set(MessageRevision.objects.filter(message__in=[edited, deleted]).values_list("kind", flat=True))
    assert kinds == {"edit", "delete"}
    assert_matches_simulator(sim_account, simulator.control)


def test_session_expiry_mid_sync_flags_reauth_without_a_retry_storm(sim_account, simulator):
    simulator.control.clear_access_log()
    simulator.control.expire_session(after=4)
    run = sync(sim_account)
    account = OnlyFansAccount.objects.get(pk=sim_account.pk)
    assert (run.status, account.status) == ("failed", "needs_reauth")
    statuses = [
        entry["status"] for entry in simulator.control.access_log() if entry["path"].startswith("/api2")
    ]
    after_first_401 = statuses[statuses.index(401) :]
    # Only requests already in flight (one per concurrent chat) can still meet the dead
    # session; nothing new is asked and nothing is retried.
    assert set(after_first_401) == {401}
    assert len(after_first_401) <= CHAT_CONCURRENCY
    assert sync_refused(account)


def sync_refused(account) -> bool:
    try:
        sync(account)
    except SyncNotAllowedError:
        return True
    return False


def test_429_storm_is_ridden_out_honouring_retry_after(sim_account, simulator):
    simulator.control.rate_limit(8, burst=2)
    simulator.control.clear_access_log()
    run = sync(sim_account, streams=["fans", "chats"])
    assert run.status == "succeeded", run.error_message
    log = [e for e in simulator.control.access_log() if e["path"].startswith("/api2")]
    assert any(e["status"] == 429 for e in log)
    assert_matches_simulator_chats(sim_account, simulator.control)


def assert_matches_simulator_chats(account, control) -> None:
    for chat in control.state("chats"):
        remote = {m["id"] for m in control.state(f"chats/{chat['userId']}/messages")}
        local = set(
            Message.objects.filter(account=account, fan__onlyfans_id=chat["userId"]).values_list(
                "onlyfans_id", flat=True
            )
        )
        assert local == remote


def test_drifted_payload_fails_the_stream_without_partial_writes(sim_account, simulator):
    simulator.control.force_faults("missing_field", count=1, path="/api2/v2/payouts/transactions")
    run = sync(sim_account, streams=["earnings"])
    state = SyncState.objects.get(account=sim_account, stream="earnings")
    assert run.status == "failed"
    assert state.last_error_class == "SchemaDriftError"
    assert EarningsEntry.objects.filter(account=sim_account).count() == 0
    run = sync(sim_account, streams=["earnings"])  # the next run, without the fault, catches up
    assert run.status == "succeeded"
    assert EarningsEntry.objects.filter(account=sim_account).count() == len(
        simulator.control.state("transactions")
    )


def test_duplicated_items_across_pages_are_stored_once(sim_account, simulator):
    simulator.control.force_faults("duplicate", count=20)
    run = sync(sim_account)
    assert run.status == "succeeded", run.error_message
    assert_matches_simulator(sim_account, simulator.control)


def test_fans_arriving_while_the_fan_list_is_paged_are_neither_lost_nor_doubled(
    sim_account, simulator, monkeypatch
):
    from huntaze.onlyfans.client import OnlyFansClient
    from huntaze.sync.streams import fans as fans_stream

    monkeypatch.setattr(fans_stream, "PAGE_SIZE", 7)
    original = OnlyFansClient.subscribers_page

    async def page_then_new_fans_arrive(self, **kwargs):
        page = await original(self, **kwargs)
        simulator.control.tick(fans=2)  # the list shifts under the walker
        return page

    monkeypatch.setattr(OnlyFansClient, "subscribers_page", page_then_new_fans_arrive)
    run = sync(sim_account, streams=["fans"])
    assert run.status == "succeeded"
    monkeypatch.setattr(OnlyFansClient, "subscribers_page", original)
    sync(sim_account, streams=["fans"])  # the newest arrivals come with the next (incremental) run
    remote = {f["id"] for f in simulator.control.state("fans")}
    local = list(Fan.objects.filter(account=sim_account).values_list("onlyfans_id", flat=True))
    assert set(local) == remote
    assert len(local) == len(set(local))


def test_session_expiry_alerts_the_configured_webhook(sim_account, simulator, settings):
    received: list[dict] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["content-length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.HUNTAZE_ALERT_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/alerts"
    try:
        simulator.control.expire_session()
        sync(sim_account)
    finally:
        server.shutdown()
    assert [(r["event"], r["after"]) for r in received] == [("sync.health_alert", "needs_reauth")]
    assert AuditEvent.objects.filter(action="sync.health_alert", account_id=sim_account.pk).exists()


def test_a_fans_last_activity_is_its_chats_last_message(sim_account, simulator, client, owner):
    assert sync(sim_account, streams=["fans", "chats"]).status == "succeeded"
    chats = Chat.objects.filter(account=sim_account).select_related("fan")
    assert chats.exists()
    assert all(chat.fan.last_message_at == chat.last_message_at for chat in chats)
    client.force_login(owner)
    body = client.get("/api/onlyfans/fans", {"account_id": sim_account.pk, "sort": "last_activity"}).json()
    newest = chats.order_by("-last_message_at").first()
    assert body["items"][0]["id"] == newest.fan_id
