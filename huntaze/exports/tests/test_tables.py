"""The registry walk that the export, the import and the purge share."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from huntaze.accounts.models import OnlyFansAccount
from huntaze.exports.tables import NOT_EXPORTED, account_scoped_models, export_tables


def _reaches_account(model: type[models.Model], seen: frozenset = frozenset()) -> bool:
    """Independently of ``tables``: does any chain of foreign keys lead to ``OnlyFansAccount``?"""
    for field in model._meta.concrete_fields:
        target = field.related_model if isinstance(field, models.ForeignKey) else None
        if target is OnlyFansAccount:
            return True
        if target is not None and target not in seen and _reaches_account(target, seen | {model}):
            return True
    return False


def test_every_model_with_a_foreign_key_path_to_the_account_is_covered():
    found = {scoped.model for scoped in account_scoped_models()}
    expected = {
        model
        for model in apps.get_models(include_auto_created=True)
        if model is not OnlyFansAccount and not model._meta.proxy and _reaches_account(model)
    }
    assert found == expected
    # The tables of today, so that a change of the walk itself shows up here.
    labels = {scoped.label for scoped in account_scoped_models()}
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
    } <= labels


def test_paths_lead_to_the_account_and_parents_come_first(account):
    order = [scoped.model for scoped in account_scoped_models()]
    for position, scoped in enumerate(account_scoped_models()):
        rows = scoped.model._base_manager.filter(**{scoped.path: account.pk})
        assert isinstance(rows.exists(), bool)  # the path is a valid lookup
        for field in scoped.model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model in order:
                assert order.index(field.related_model) < position, (scoped.label, field.name)
    by_label = {scoped.label: scoped.path for scoped in account_scoped_models()}
    assert by_label["inbox.messagerevision"] == "message__account"
    assert by_label["fans.fan_tags"] == "fan__account"


def test_not_exported_names_only_account_scoped_models_and_everything_else_is_exported():
    scoped = {scoped.label for scoped in account_scoped_models()}
    assert set(NOT_EXPORTED) <= scoped
    exported = {table.name for table in export_tables()}
    assert exported == scoped - set(NOT_EXPORTED)
    for table in export_tables():
        names = [column.name for column in table.columns]
        assert not {"account_id", "team_id"} & set(names)  # the account (and its team) is the whole file
