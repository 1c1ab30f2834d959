"""The retention purge: every account-scoped table emptied, on time, nothing else touched."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from huntaze.accounts.choices import AccountStatus
from huntaze.accounts.models import Membership, OnlyFansAccount
from huntaze.accounts.services import account_disconnect, account_session_set
from huntaze.analytics.services import analytics_refresh
from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import SESSION, make_account, make_member, make_team, make_world
from huntaze.exports.selectors import accounts_due_for_purge
from huntaze.exports.services import retention as retention_module
from huntaze.exports.services.retention import account_purge, accounts_purge_expired
from huntaze.exports.tables import account_scoped_models
from huntaze.exports.tests.helpers import export_now, export_path
from huntaze.fans.services import fan_notes_set, fan_tags_set
from huntaze.inbox.models import MessageRevision
from huntaze.inbox.suggestions.index import reply_index_build, reply_index_current
from huntaze.segments.models import SpendTiers
from huntaze.segments.services import segment_defaults_ensure, spend_tiers_set
from huntaze.sync.models import ChatCursor, SyncLease

pytestmark = pytest.mark.django_db

TIERS = {"bronze": 100, "silver": 200, "gold": 300, "platinum": 400}


def rows_per_table(account_id: int) -> dict[str, int]:
    """Rows of the account in every account-scoped table (found by the registry walk)."""
    counts = {
        scoped.label: scoped.model._base_manager.filter(**{scoped.path: account_id}).count()
        for scoped in account_scoped_models()
    }
    return {label: count for label, count in counts.items() if count}


def populate(team, owner) -> OnlyFansAccount:
    """An account with rows in as many account-scoped tables as services can fill."""
    world = make_world(team)
    account = world["account"]
    fan_tags_set(user=owner, fan_id=world["fan"].pk, tags=["vip"])
    fan_notes_set(user=owner, fan_id=world["fan"].pk, notes="met at the fan meetup")
    MessageRevision.objects.create(message=world["message"], kind="edit", old_text="a", new_text="b")
    ChatCursor.objects.create(account=account, fan_onlyfans_id=world["fan"].onlyfans_id, newest_id=1)
    SyncLease.objects.create(account=account, holder="worker", expires_at=timezone.now())
    make_member(team, "chatter", accounts=[account])
    analytics_refresh(account=account)
    segment_defaults_ensure(account=account)
    spend_tiers_set(user=owner, account_id=account.pk, minimums=TIERS)
    export_now(owner, account)
    return account


def test_the_purge_leaves_no_row_of_the_account_in_any_account_scoped_table(
    owner, team, django_capture_on_commit_callbacks
):
    account = populate(team, owner)
    neighbour = populate(team, owner)
    stranger_team = make_team("B")
    stranger = populate(stranger_team, Membership.objects.get(team=stranger_team).user)
    spend_tiers_set(user=owner, team_id=team.pk, minimums=TIERS)  # the team's own tiers stay
    before = rows_per_table(account.pk)
    assert {
        "fans.fan",
        "fans.tag",
        "fans.fan_tags",
        "inbox.chat",
        "inbox.message",
        "inbox.messagerevision",
        "inbox.suggestion",
        "inbox.outboundmessage",
        "content.content",
        "earnings.earningsentry",
        "earnings.statssnapshot",
        "sync.syncstate",
        "sync.syncrun",
        "sync.chatcursor",
        "sync.synclease",
        "accounts.membership_accounts",
        "exports.export",
        "segments.spendtiers",
    } <= set(before)
    neighbours = rows_per_table(neighbour.pk), rows_per_table(stranger.pk)

    with django_capture_on_commit_callbacks(execute=True):
        deleted = account_purge(account=account, actor=owner)

    assert rows_per_table(account.pk) == {}
    assert not OnlyFansAccount.objects.filter(pk=account.pk).exists()
    assert deleted == before
    assert (rows_per_table(neighbour.pk), rows_per_table(stranger.pk)) == neighbours
    assert team.onlyfans_accounts.filter(pk=neighbour.pk).exists()
    assert SpendTiers.objects.filter(team=team, account=None).exists()
    purge = AuditEvent.objects.get(action="account.purge", account_id=account.pk)
    assert (purge.actor_label, purge.after["rows"]) == (owner.username, before)


def test_the_purge_removes_the_accounts_files(owner, account, django_capture_on_commit_callbacks):
    export = export_now(owner, account)
    reply_index_build(account)
    assert export_path(export).is_file()
    assert reply_index_current(account) is not None
    with django_capture_on_commit_callbacks(execute=True):
        account_purge(account=account)
    assert not export_path(export).exists()
    assert reply_index_current(account) is None


def test_disconnect_wipes_the_session_at_once_and_the_data_after_the_retention_window(owner, team, settings):
    settings.HUNTAZE_RETENTION_DAYS = 30
    account = populate(team, owner)
    kept = populate(team, owner)  # active: never purged
    rows = rows_per_table(account.pk)
    account_disconnect(user=owner, account_id=account.pk, delete_data=False)
    account.refresh_from_db()
    assert (account.status, account.has_session) == (AccountStatus.DISCONNECTED, False)
    assert rows_per_table(account.pk) == rows

    now = timezone.now()
    assert list(accounts_due_for_purge(now=now + timedelta(days=29, hours=23))) == []
    assert accounts_purge_expired(now=now + timedelta(days=29, hours=23)) == []
    assert rows_per_table(account.pk) == rows
    assert list(accounts_due_for_purge(now=now + timedelta(days=30, minutes=1))) == [account]
    assert accounts_purge_expired(now=now + timedelta(days=30, minutes=1)) == [account.pk]
    assert rows_per_table(account.pk) == {}
    assert rows_per_table(kept.pk) != {}
    assert (
        AuditEvent.objects.get(action="account.purge", account_id=account.pk).actor_label
        == "system:retention"
    )


def test_the_retention_window_is_a_setting_and_reconnecting_stops_the_clock(owner, team, settings):
    settings.HUNTAZE_RETENTION_DAYS = 5
    returning, leaving = make_account(team), make_account(team)
    for account in (returning, leaving):
        account_disconnect(user=owner, account_id=account.pk, delete_data=False)
    account_session_set(account=returning, session=dict(SESSION), actor=owner)
    later = timezone.now() + timedelta(days=5, minutes=1)
    assert list(accounts_due_for_purge(now=later)) == [leaving]
    settings.HUNTAZE_RETENTION_DAYS = 6
    assert list(accounts_due_for_purge(now=later)) == []


def test_delete_data_purges_at_once_and_the_audit_trail_stays_without_session_material(owner, team):
    account = populate(team, owner)
    account_disconnect(user=owner, account_id=account.pk, delete_data=True)

    assert rows_per_table(account.pk) == {}
    assert not OnlyFansAccount.objects.filter(pk=account.pk).exists()
    events = AuditEvent.objects.filter(account_id=account.pk)
    actions = set(events.values_list("action", flat=True))
    assert {"account.create", "fan.notes_set", "account.disconnect", "account.purge"} <= actions
    trail = json.dumps(list(events.values("before", "after", "target_id", "actor_label")))
    for secret in SESSION.values():
        assert secret not in trail


def test_an_imported_account_without_a_disconnect_is_never_purged_on_its_own(team):
    account = make_account(team)
    OnlyFansAccount.objects.filter(pk=account.pk).update(status=AccountStatus.DISCONNECTED)
    assert list(accounts_due_for_purge(now=timezone.now() + timedelta(days=365))) == []


def test_one_account_failing_to_purge_does_not_hold_up_the_others(owner, team, monkeypatch, caplog):
    stuck, gone = make_account(team), make_account(team)
    for account in (stuck, gone):
        account_disconnect(user=owner, account_id=account.pk, delete_data=False)
    real_purge = retention_module.account_purge

    def purge(*, account, **kwargs):
        if account.pk == stuck.pk:
            raise IntegrityError("a sync wrote meanwhile")
        return real_purge(account=account, **kwargs)

    monkeypatch.setattr(retention_module, "account_purge", purge)
    later = timezone.now() + timedelta(days=31)
    assert accounts_purge_expired(now=later) == [gone.pk]
    assert OnlyFansAccount.objects.filter(pk=stuck.pk).exists()
    assert f"purge of account {stuck.pk} failed" in caplog.text
