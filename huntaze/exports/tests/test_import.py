"""Export → import round trips (a synced simulator account) and imports that must be refused."""

from __future__ import annotations

import json
import shutil
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from huntaze.accounts.choices import AccountStatus
from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.services import account_disconnect
from huntaze.audit.models import AuditEvent
from huntaze.content.models import Content
from huntaze.core.tests.factories import make_team, make_user, make_world
from huntaze.exports.exceptions import ImportConflictError, ImportInvalidError
from huntaze.exports.services.importing import export_import
from huntaze.exports.tests.helpers import export_now, export_path, money_sums, table_counts
from huntaze.fans.models import Fan
from huntaze.fans.services import fan_notes_set, fan_tags_set
from huntaze.inbox.exceptions import OutboundNotSendableError
from huntaze.inbox.models import Chat, Message, OutboundMessage, Suggestion
from huntaze.inbox.sending import outbound_approve, outbound_send
from huntaze.inbox.services import chat_assign
from huntaze.inbox.suggestions.services import suggestions_generate
from huntaze.sync.models import SyncState
from huntaze.sync.tests.conftest import sync


def snapshot(account: OnlyFansAccount) -> dict:
    """What must survive a round trip, without any primary key: counts, sums, Huntaze-owned
    fields and every link, followed through OnlyFans ids."""
    account = OnlyFansAccount.objects.get(pk=account.pk)
    fans = Fan.objects.filter(account=account).prefetch_related("tags")
    return {
        "counts": table_counts(account.pk),
        "sums": money_sums(account.pk),
        "account": (account.onlyfans_user_id, account.username, account.display_name, account.last_sync_at),
        "fans": {
            fan.onlyfans_id: (fan.notes, sorted(tag.name for tag in fan.tags.all()), fan.spend_total_cents)
            for fan in fans
        },
        "messages": set(
            Message.objects.filter(account=account).values_list(
                "onlyfans_id", "chat__fan__onlyfans_id", "fan__onlyfans_id", "text", "sent_at", "price_cents"
            )
        ),
        "chats": set(
            Chat.objects.filter(account=account).values_list(
                "fan__onlyfans_id", "read_through_onlyfans_id", "pinned", "created_at"
            )
        ),
        "suggestions": set(
            Suggestion.objects.filter(account=account).values_list(
                "text", "message__onlyfans_id", "chat__fan__onlyfans_id", "created_at"
            )
        ),
        "outbound": list(
            OutboundMessage.objects.filter(account=account)
            .order_by("created_at")
            .values_list(
                "text", "price_cents", "media_ids", "fan__onlyfans_id", "suggestion__text", "sent_at"
            )
        ),
        "sync": list(
            SyncState.objects.filter(account=account)
            .order_by("stream")
            .values_list("stream", "cursor", "last_success_at")
        ),
    }


@pytest.fixture
def worked_account(sim_account, owner):
    """The simulator's account after a sync and a day of Huntaze work: tags, notes, an
    assignment, suggestions and an approved message sent through OnlyFans."""
    assert sync(sim_account).status == "succeeded"
    fans = list(Fan.objects.filter(account=sim_account).order_by("onlyfans_id")[:3])
    fan_tags_set(user=owner, fan_id=fans[0].pk, tags=["whale", "night owl"])
    fan_tags_set(user=owner, fan_id=fans[1].pk, tags=["whale"])
    fan_notes_set(user=owner, fan_id=fans[0].pk, notes="Birthday in June. <b>never</b> =SUM(A1)")
    chat = Chat.objects.filter(account=sim_account).order_by("pk").first()
    chat_assign(user=owner, chat_id=chat.pk, assignee_id=owner.pk)
    suggestion = suggestions_generate(user=owner, chat_id=chat.pk)[0]
    request = RequestFactory().post("/onlyfans/inbox/")
    request.user, request.request_id = owner, "req-export-0001"
    outbound = outbound_approve(
        request=request,
        chat_id=chat.pk,
        text=f"{suggestion.text} xx",
        price_cents=1299,
        media_ids=[Content.objects.filter(account=sim_account, kind="vault").first().onlyfans_id],
        idempotency_key="export-round-trip",
        approved=True,
        suggestion_id=suggestion.pk,
    )
    outbound_send(outbound=outbound)
    return sim_account


@pytest.mark.django_db(transaction=True)
def test_round_trip_into_another_team_keeps_every_count_sum_tag_note_and_link(worked_account, owner):
    before = snapshot(worked_account)
    path = export_path(export_now(owner, worked_account))
    other_owner = make_user("other-owner")
    other_team = make_team("Other", owner=other_owner)

    result = export_import(path=path, team=other_team)

    imported = OnlyFansAccount.objects.get(pk=result.account.pk)
    assert imported.pk != worked_account.pk
    assert (imported.team_id, imported.status, imported.has_session) == (
        other_team.pk,
        AccountStatus.DISCONNECTED,
        False,
    )
    assert before["counts"]["inbox.message"] > 400
    assert before["counts"]["inbox.outboundmessage"] == 1
    after = snapshot(imported)
    assert after == before
    assert result.rows == before["counts"]
    # The owner of the first team is no member of the second: the assignment is emptied and
    # the approval is carried by the second team's owner, as the result and the trail say.
    assert result.unmatched_users == ["owner"]
    assert Chat.objects.filter(account=imported, assigned_to__isnull=False).count() == 0
    assert OutboundMessage.objects.get(account=imported).approved_by == other_owner
    event = AuditEvent.objects.get(action="export.import", account_id=imported.pk)
    assert event.after["unmatched_users"] == ["owner"]
    assert event.after["source_account_id"] == worked_account.pk


@pytest.mark.django_db(transaction=True)
def test_round_trip_after_the_data_is_deleted_restores_it_with_users_matched(
    worked_account, owner, team, tmp_path
):
    before = snapshot(worked_account)
    path = Path(shutil.copy(export_path(export_now(owner, worked_account)), tmp_path / "downloaded.zip"))
    account_disconnect(user=owner, account_id=worked_account.pk, delete_data=True)
    assert table_counts(worked_account.pk) == dict.fromkeys(before["counts"], 0)

    result = export_import(path=path, team=team)

    assert snapshot(result.account) == before
    assert result.unmatched_users == []
    assert Chat.objects.get(account=result.account, assigned_to__isnull=False).assigned_to == owner
    assert OutboundMessage.objects.get(account=result.account).approved_by == owner
    # An imported approval never sends again: the digest is bound to the original rows.
    with pytest.raises(OutboundNotSendableError):
        OutboundMessage.objects.get(account=result.account).assert_sendable()


def _rewritten(path: Path, tmp_path: Path, **changes) -> Path:
    """A copy of an export with some entries replaced (``name=callable(old bytes) -> bytes``)."""
    target = tmp_path / "changed.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for name in source.namelist():
            data = source.read(name)
            change = changes.get(name.replace(".", "_"))
            copy.writestr(name, change(data) if change else data)
    return target


@pytest.fixture
def exported(db, owner, team):
    world = make_world(team)
    return world, export_path(export_now(owner, world["account"]))


def _nothing_written(counts_before: int, fans_before: int) -> bool:
    return OnlyFansAccount.objects.count() == counts_before and Fan.objects.count() == fans_before


@pytest.mark.parametrize(
    "breakage",
    [
        "not a zip",
        "wrong version",
        "a row missing",
        "an unknown column",
        "a dangling link",
        "a broken row",
    ],
)
def test_a_broken_file_is_refused_and_nothing_is_written(exported, tmp_path, breakage):
    _world, path = exported
    team = make_team("Target")

    def manifest(data: bytes) -> bytes:
        return json.dumps({**json.loads(data), "schema_version": 99}).encode()

    def drop_last(data: bytes) -> bytes:
        return b"\n".join(data.splitlines()[:-1]) + b"\n"

    def add_column(data: bytes) -> bytes:
        rows = [json.loads(line) | {"mood": "happy"} for line in data.splitlines()]
        return "\n".join(json.dumps(row) for row in rows).encode()

    def dangle(data: bytes) -> bytes:
        rows = [json.loads(line) | {"chat_id": 987654321} for line in data.splitlines()]
        return "\n".join(json.dumps(row) for row in rows).encode()

    def break_row(data: bytes) -> bytes:
        rows = [json.loads(line) | {"sent_at": "yesterday-ish"} for line in data.splitlines()]
        return "\n".join(json.dumps(row) for row in rows).encode()

    files = {
        "not a zip": lambda: tmp_path / "plain.zip",
        "wrong version": lambda: _rewritten(path, tmp_path, manifest_json=manifest),
        "a row missing": lambda: _rewritten(path, tmp_path, inbox_message_jsonl=drop_last),
        "an unknown column": lambda: _rewritten(path, tmp_path, fans_fan_jsonl=add_column),
        "a dangling link": lambda: _rewritten(path, tmp_path, inbox_message_jsonl=dangle),
        "a broken row": lambda: _rewritten(path, tmp_path, inbox_message_jsonl=break_row),
    }
    (tmp_path / "plain.zip").write_text("just text")
    accounts, fans = OnlyFansAccount.objects.count(), Fan.objects.count()
    with pytest.raises(ImportInvalidError):
        export_import(path=files[breakage](), team=team)
    assert _nothing_written(accounts, fans)


def test_importing_into_a_team_that_has_the_account_is_a_conflict(exported, team):
    _world, path = exported
    accounts = OnlyFansAccount.objects.count()
    with pytest.raises(ImportConflictError):
        export_import(path=path, team=team)
    assert OnlyFansAccount.objects.count() == accounts


def test_the_command_imports_checks_with_a_dry_run_and_explains_refusals(exported, tmp_path):
    world, path = exported
    target = make_team("Target")
    out = StringIO()
    call_command("import_export", str(path), "--team", str(target.pk), "--dry-run", stdout=out)
    assert "dry run" in out.getvalue()
    assert not OnlyFansAccount.objects.filter(team=target).exists()

    out = StringIO()
    call_command("import_export", str(path), "--team", str(target.pk), stdout=out)
    imported = OnlyFansAccount.objects.get(team=target)
    assert f"imported into team {target.pk} as account {imported.pk}" in out.getvalue()
    assert "inbox.message" in out.getvalue()
    assert Message.objects.filter(account=imported).count() == 3

    with pytest.raises(CommandError, match="already has"):
        call_command("import_export", str(path), "--team", str(target.pk), stdout=StringIO())
    with pytest.raises(CommandError, match="No team"):
        call_command("import_export", str(path), "--team", "999999", stdout=StringIO())
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_export", str(tmp_path / "nope.zip"), "--team", str(target.pk))
    assert world["account"].pk != imported.pk


def test_an_imported_approval_is_never_sendable(exported):
    world, path = exported
    assert world["outbound"].status == "approved"
    world["outbound"].assert_sendable()  # sendable where it was approved
    result = export_import(path=path, team=make_team("Target"))
    with pytest.raises(OutboundNotSendableError):
        OutboundMessage.objects.get(account=result.account).assert_sendable()
