"""Which tables hold an OnlyFans account's data, found from Django's model registry.

A model is *account-scoped* when a chain of foreign keys leads from it to ``OnlyFansAccount``
(``inbox.Message`` via ``account``, ``inbox.MessageRevision`` via ``message__account``, the
fan↔tag link table via ``fan__account``…). The export, the import and the retention purge all
walk this one list, so a new account-scoped table is exported, imported and purged without being
named anywhere; ``NOT_EXPORTED`` lists, with the reason, the few that are purged but not exported.

The list is in dependency order (a table after every table it points to): the export and the
import go forwards, the purge backwards. A cycle (including a table pointing to itself) is
refused with ``ImproperlyConfigured``: neither order would be safe, a human must decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from graphlib import CycleError, TopologicalSorter

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from huntaze.accounts.models import OnlyFansAccount, Team
from huntaze.audit.models import AuditEvent

# Purged with the account, but not part of its export (the import recreates or recomputes them).
NOT_EXPORTED = {
    "exports.export": "the export jobs themselves",
    "sync.synclease": "a lock held while a sync runs",
    "accounts.membership_accounts": "team access (which chatters work on the account), not account data",
    "analytics.recommendation": "derived from the synced data, recomputed after an import",
    "analytics.chatturn": "derived from the messages, recomputed after an import",
    "analytics.analyticsstate": "the position of the analytics refresh in the messages",
    "shifts.shift": "team scheduling (when each chatter may work on the account), not account data",
    "shifts.shiftextension": "team scheduling (an owner's extension of a chatter's shift), not account data",
    "webhooks.webhookdelivery": "the team's webhook delivery log (it points to the team's webhooks)",
    "webhooks.webhookattempt": "the team's webhook delivery log (each POST of a delivery)",
}


@dataclass(frozen=True, slots=True)
class ScopedModel:
    """An account-scoped model and the lookup from it to its account (e.g. ``"chat__account"``)."""

    model: type[models.Model]
    path: str

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.ForeignKey)]


def account_scoped_models() -> list[ScopedModel]:
    """Every concrete model (link tables of many-to-many fields included) with a foreign-key path to
    ``OnlyFansAccount``, each with its shortest path, parents before the tables pointing to them."""
    candidates = [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model is not OnlyFansAccount
    ]
    paths: dict[type[models.Model], str] = {OnlyFansAccount: ""}
    frontier = [OnlyFansAccount]
    while frontier:  # breadth first: the first path found is a shortest one
        found = []
        for model in candidates:
            if model in paths:
                continue
            for field in _foreign_keys(model):
                target = field.related_model
                if target in frontier:
                    paths[model] = f"{field.name}__{paths[target]}" if paths[target] else field.name
                    found.append(model)
                    break
        frontier = found
    scoped = sorted((model for model in paths if model is not OnlyFansAccount), key=lambda m: m._meta.label)
    graph: TopologicalSorter = TopologicalSorter()
    for model in scoped:
        graph.add(model, *(f.related_model for f in _foreign_keys(model) if f.related_model in scoped))
    try:
        order = list(graph.static_order())
    except CycleError as exc:
        raise ImproperlyConfigured(
            f"Account-scoped tables point to each other in a cycle: {exc.args[1]}"
        ) from exc
    return [ScopedModel(model, paths[model]) for model in order]


class ColumnKind(StrEnum):
    VALUE = "value"  # written as it is stored
    REF = "ref"  # the id of a row of another exported table (remapped on import)
    USER = "user"  # a Huntaze user, written as the username (ids mean nothing in another database)


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # the key in JSON Lines and the CSV header
    lookup: str  # what ``values_list`` reads
    kind: ColumnKind
    field: models.Field
    target: str = ""  # the referenced table (``REF``)


@dataclass(frozen=True, slots=True)
class Table:
    """How one account-scoped model is written to and read from an export."""

    name: str  # the model's label, e.g. ``inbox.message``; files are ``<name>.jsonl`` and ``.csv``
    model: type[models.Model]
    path: str
    columns: tuple[Column, ...]

    @property
    def money_columns(self) -> list[str]:
        """Integer cents, by the project's naming rule (``*_cents``): summed in the manifest."""
        return [column.name for column in self.columns if column.name.endswith("_cents")]

    def rows(self, *, account_id: int, last_pk: int | None) -> models.QuerySet:
        """The account's rows up to ``last_pk`` (the run's snapshot), by primary key, as tuples."""
        rows = self.model._base_manager.filter(**{self.path: account_id})
        if last_pk is not None:
            rows = rows.filter(pk__lte=last_pk)
        return rows.order_by("pk").values_list(*(column.lookup for column in self.columns))


def _columns(scoped: ScopedModel, exported: set[type[models.Model]]) -> tuple[Column, ...]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    columns = []
    for field in scoped.model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        if target is None:
            columns.append(Column(field.attname, field.attname, ColumnKind.VALUE, field))
        elif target in (OnlyFansAccount, Team):
            continue  # every row of an export belongs to its one account (and its team, on import)
        elif target in exported:
            columns.append(
                Column(field.attname, field.attname, ColumnKind.REF, field, target._meta.label_lower)
            )
        elif target is user_model:
            name = f"{field.name}_{user_model.USERNAME_FIELD}"
            columns.append(Column(name, f"{field.name}__{user_model.USERNAME_FIELD}", ColumnKind.USER, field))
        else:
            raise ImproperlyConfigured(
                f"{scoped.label}.{field.name} points to {target._meta.label}, which an export cannot carry: "
                "export that table too or list the model in exports.tables.NOT_EXPORTED."
            )
    return tuple(columns)


def audit_table() -> Table:
    """The account's audit events: exported for the record, never imported (see docs/data-ownership.md)."""
    columns = tuple(
        Column(field.attname, field.attname, ColumnKind.VALUE, field)
        for field in AuditEvent._meta.concrete_fields
        if field.attname not in {"team_id", "account_id"}
    )
    return Table(AuditEvent._meta.label_lower, AuditEvent, "account_id", columns)


def export_tables() -> list[Table]:
    """The exported tables, parents first (every account-scoped model not in ``NOT_EXPORTED``)."""
    scoped = [item for item in account_scoped_models() if item.label not in NOT_EXPORTED]
    exported = {item.model for item in scoped}
    return [Table(item.label, item.model, item.path, _columns(item, exported)) for item in scoped]
