"""Writing an export: every table, the manifest, money in cents, CSV safety, streaming, expiry."""

from __future__ import annotations

import os
import zipfile
from datetime import timedelta

import pytest
from django.db.models.query import QuerySet

from huntaze.audit.models import AuditEvent
from huntaze.core.exceptions import NotFoundError, PermissionDeniedError
from huntaze.core.tests.factories import (
    SESSION,
    make_chat_with_messages,
    make_earning,
    make_fan,
    make_member,
    make_team,
    make_world,
)
from huntaze.earnings.models import EarningsEntry
from huntaze.exports.choices import ExportStatus
from huntaze.exports.exceptions import ExportNotReadyError
from huntaze.exports.models import Export
from huntaze.exports.services import exporting as exporting_module
from huntaze.exports.services.exporting import (
    csv_cell,
    export_download,
    export_request,
    export_run,
    exports_expire,
)
from huntaze.exports.tables import export_tables
from huntaze.exports.tests.helpers import (
    csv_rows,
    export_now,
    export_path,
    jsonl_rows,
    money_sums,
    table_counts,
)
from huntaze.fans.services import fan_notes_set, fan_tags_set
from huntaze.inbox.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(team, owner):
    world = make_world(team)
    fan_tags_set(user=owner, fan_id=world["fan"].pk, tags=["whale", "vip"])
    fan_notes_set(user=owner, fan_id=world["fan"].pk, notes="Likes cooking videos")
    return world


def test_an_export_holds_every_table_with_counts_and_money_sums_in_its_manifest(owner, world, settings):
    account = world["account"]
    export = export_now(owner, account)

    assert export.status == ExportStatus.READY
    assert export.expires_at == export.finished_at + timedelta(days=settings.HUNTAZE_EXPORT_KEEP_DAYS)
    path = export_path(export)
    assert path.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    for table in export_tables():
        assert {f"{table.name}.jsonl", f"{table.name}.csv"} <= names
    assert {"manifest.json", "account.json", "README.txt", "audit.auditevent.jsonl"} <= names

    manifest = export.manifest
    assert (manifest["format"], manifest["schema_version"]) == ("huntaze-account-export", 1)
    counts = table_counts(account.pk)
    assert {name: entry["rows"] for name, entry in manifest["tables"].items() if name in counts} == counts
    assert (counts["inbox.message"], counts["fans.fan_tags"]) == (3, 2)
    for name, sums in money_sums(account.pk).items():
        assert manifest["tables"][name]["money_sums"] == sums
    assert manifest["tables"]["earnings.earningsentry"]["money_sums"]["gross_cents"] == 2000
    assert export.progress["inbox.message"] == {"done": 3, "total": 3}
    assert export.rows_done == export.rows_total > 0

    fan = next(row for row in jsonl_rows(path, "fans.fan") if row["id"] == world["fan"].pk)
    assert fan["spend_total_cents"] == 12_345  # integer cents, not dollars
    assert fan["notes"] == "Likes cooking videos"
    tags = {row["id"]: row["name"] for row in jsonl_rows(path, "fans.tag")}
    assert {tags[row["tag_id"]] for row in jsonl_rows(path, "fans.fan_tags")} == {"whale", "vip"}
    outbound = jsonl_rows(path, "inbox.outboundmessage")[0]
    assert outbound["approved_by_username"] == owner.username
    assert "approved_by_id" not in outbound
    assert outbound["chat_id"] == world["chat"].pk
    actions = {row["action"] for row in jsonl_rows(path, "audit.auditevent")}
    assert {"account.create", "fan.tags_set", "fan.notes_set", "export.request"} <= actions


def test_an_export_never_holds_session_material(owner, world):
    export = export_now(owner, world["account"])
    data = export_path(export).read_bytes()
    with zipfile.ZipFile(export_path(export)) as archive:
        data += b"".join(archive.read(name) for name in archive.namelist())
        account = archive.read("account.json").decode()
    for secret in (SESSION["sess"], SESSION["x_bc"]):
        assert secret.encode() not in data
    assert "session" not in account
    assert "team" not in account


def test_csv_cells_a_spreadsheet_would_run_are_neutralised_and_json_keeps_the_text(owner, account):
    fan = make_fan(account, display_name='=HYPERLINK("http://evil","x")', username="@SUM(1+1)")
    fan_notes_set(user=owner, fan_id=fan.pk, notes="+cmd|' /C calc'!A0")
    chat = make_chat_with_messages(account, fan, count=1)
    Message.objects.filter(chat=chat).update(text="-2+3\tsneaky")
    path = export_path(export_now(owner, account))

    row = csv_rows(path, "fans.fan")[0]
    assert row["display_name"] == '\'=HYPERLINK("http://evil","x")'
    assert row["username"] == "'@SUM(1+1)"
    assert row["notes"] == "'+cmd|' /C calc'!A0"
    assert csv_rows(path, "inbox.message")[0]["text"] == "'-2+3\tsneaky"
    assert jsonl_rows(path, "fans.fan")[0]["display_name"] == '=HYPERLINK("http://evil","x")'
    assert jsonl_rows(path, "inbox.message")[0]["text"] == "-2+3\tsneaky"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (-500, -500),  # a number, not text: stays a number
        (None, ""),
        (True, "true"),
        ({"k": "=x"}, '{"k": "=x"}'),
    ],
)
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


def test_the_export_streams_every_table_in_chunks_and_never_loads_one_whole(owner, account, monkeypatch):
    monkeypatch.setattr(exporting_module, "EXPORT_CHUNK_ROWS", 7)
    monkeypatch.setattr(exporting_module, "PROGRESS_EVERY_SECONDS", 0)
    make_chat_with_messages(account, count=40)
    chunk_sizes = []
    saved_progress = []
    real_iterator, real_fetch_all, real_update = QuerySet.iterator, QuerySet._fetch_all, QuerySet.update

    def iterator(self, chunk_size=None):
        chunk_sizes.append((self.model._meta.label_lower, chunk_size))
        return real_iterator(self, chunk_size=chunk_size)

    def fetch_all(self):
        assert self.model is not Message, "the export loaded the whole message table"
        return real_fetch_all(self)

    def update(self, **kwargs):
        if self.model is Export and "progress" in kwargs:
            saved_progress.append(kwargs["progress"]["inbox.message"]["done"])
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "iterator", iterator)
    monkeypatch.setattr(QuerySet, "_fetch_all", fetch_all)
    monkeypatch.setattr(QuerySet, "update", update)
    export = export_now(owner, account)

    assert export.manifest["tables"]["inbox.message"]["rows"] == 40
    assert ("inbox.message", 7) in chunk_sizes
    assert {size for _label, size in chunk_sizes} == {7}
    with_rows = {name for name, entry in export.manifest["tables"].items() if entry["rows"]}
    assert {label for label, _size in chunk_sizes} == with_rows  # each table read through iterator()
    assert {7, 14, 21, 28, 35, 40} <= set(saved_progress)  # progress moved while the table was written


def test_rows_written_while_the_export_runs_are_left_out_and_links_stay_whole(owner, account, monkeypatch):
    fan = make_fan(account)
    chat = make_chat_with_messages(account, fan, count=2)
    moved, kept = chat.messages.order_by("pk")
    entry = make_earning(account, fan=fan)
    real_watermarks = exporting_module._watermarks

    def watermarks_then_a_sync_writes(account_id, tables):
        marks = real_watermarks(account_id, tables)
        late = make_chat_with_messages(account, count=2)  # a new fan, its chat and messages
        EarningsEntry.objects.filter(pk=entry.pk).update(fan=late.fan)  # may be emptied
        Message.objects.filter(pk=moved.pk).update(chat=late)  # may not: left out
        return marks

    monkeypatch.setattr(exporting_module, "_watermarks", watermarks_then_a_sync_writes)
    export = export_now(owner, account)
    path = export_path(export)

    assert [row["id"] for row in jsonl_rows(path, "fans.fan")] == [fan.pk]
    assert [row["id"] for row in jsonl_rows(path, "inbox.chat")] == [chat.pk]
    assert [row["id"] for row in jsonl_rows(path, "inbox.message")] == [kept.pk]
    assert [(row["id"], row["fan_id"]) for row in jsonl_rows(path, "earnings.earningsentry")] == [
        (entry.pk, None)
    ]
    assert export.manifest["tables"]["inbox.message"]["rows"] == 1


def test_a_failed_export_leaves_no_file_and_says_why(owner, account, monkeypatch, export_dir):
    def explode(*, export, path):
        path.write_bytes(b"half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(exporting_module, "export_write", explode)
    export, _ = export_request(user=owner, account_id=account.pk)
    with pytest.raises(OSError, match="disk full"):
        export_run(export_id=export.pk)
    export.refresh_from_db()
    assert (export.status, export.error_message, export.file_name) == ("failed", "OSError: disk full", "")
    assert list(export_dir.iterdir()) == []
    with pytest.raises(ExportNotReadyError):
        export_download(user=owner, export_id=export.pk)


def test_one_export_at_a_time_per_account(owner, account):
    first, created = export_request(user=owner, account_id=account.pk)
    again, created_again = export_request(user=owner, account_id=account.pk)
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert export_run(export_id=first.pk).status == ExportStatus.READY
    assert export_run(export_id=first.pk).status == ExportStatus.READY  # a retried task does nothing
    assert export_request(user=owner, account_id=account.pk)[1] is True


def test_owners_and_managers_export_chatters_and_other_teams_cannot(owner, team, account):
    manager = make_member(team, "manager")
    chatter = make_member(team, "chatter", accounts=[account])
    stranger = make_member(make_team("B"), "owner")
    export = export_now(manager, account)
    assert export_download(user=owner, export_id=export.pk).is_file()
    with pytest.raises(PermissionDeniedError):
        export_request(user=chatter, account_id=account.pk)
    with pytest.raises(PermissionDeniedError):
        export_download(user=chatter, export_id=export.pk)
    with pytest.raises(NotFoundError):
        export_request(user=stranger, account_id=account.pk)
    with pytest.raises(NotFoundError):
        export_download(user=stranger, export_id=export.pk)
    events = AuditEvent.objects.filter(account_id=account.pk, action__startswith="export.")
    assert sorted(events.values_list("action", "actor_label")) == [
        ("export.download", owner.username),
        ("export.request", manager.username),
    ]


def test_expired_files_are_removed_and_no_longer_downloadable(owner, account, settings, export_dir):
    export = export_now(owner, account)
    path = export_path(export)
    stray_old = export_dir / ".huntaze-export-9-9-old.zip.part"
    stray_old.write_bytes(b"left by a killed worker")
    stray_new = export_dir / ".huntaze-export-9-10-new.zip.part"
    stray_new.write_bytes(b"a run in progress")
    old, recent = (export.finished_at - timedelta(days=2)).timestamp(), export.expires_at.timestamp()
    os.utime(stray_old, (old, old))
    os.utime(stray_new, (recent, recent))
    stuck = Export.objects.create(account=account, status=ExportStatus.RUNNING)
    Export.objects.filter(pk=stuck.pk).update(updated_at=export.finished_at - timedelta(hours=2))

    assert exports_expire(now=export.expires_at - timedelta(minutes=1)) == 0
    assert path.is_file()
    assert exports_expire(now=export.expires_at + timedelta(minutes=1)) == 1
    export.refresh_from_db()
    assert (export.status, export.file_name, path.exists()) == ("expired", "", False)
    assert not stray_old.exists()
    assert stray_new.exists()
    assert Export.objects.get(pk=stuck.pk).status == ExportStatus.FAILED
    with pytest.raises(ExportNotReadyError):
        export_download(user=owner, export_id=export.pk)
    assert AuditEvent.objects.filter(action="export.expire", account_id=account.pk).count() == 1
