"""The retention purge: delete everything Huntaze holds for a disconnected account.

Disconnecting wipes the session at once (``accounts.services.account_disconnect``); the data
follows ``HUNTAZE_RETENTION_DAYS`` later (``accounts_purge_expired``, hourly), or at once when
the owner asks (``delete_data``). The purge walks ``exports.tables.account_scoped_models``, so
every table with a foreign-key path to the account is emptied, including tables added later.

Audit events stay: the trail is append-only (PostgreSQL refuses their deletion) and records
who did what, with plain ids instead of foreign keys; it never holds session material.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import DatabaseError, transaction

from huntaze.accounts.models import OnlyFansAccount
from huntaze.audit.services import audit_record_for_account_row
from huntaze.exports.selectors import accounts_due_for_purge, export_paths
from huntaze.exports.tables import account_scoped_models
from huntaze.inbox.suggestions.index import reply_index_delete

logger = logging.getLogger(__name__)

PURGE_BATCH_ROWS = 5000


def account_purge(
    *, account: OnlyFansAccount, actor: AbstractBaseUser | None = None, actor_label: str | None = None
) -> dict[str, int]:
    """Delete the account, every row of every account-scoped table and its files (export zips,
    suggestion index); returns the rows deleted per table (audited as ``account.purge``).

    Tables are emptied children first, ``PURGE_BATCH_ROWS`` at a time, each batch a short
    transaction of its own unless the caller holds one (``account_disconnect`` does). Rerunning
    after a crash finishes the job.
    """
    files = export_paths(account_id=account.pk)
    deleted: dict[str, int] = {}
    for scoped in reversed(account_scoped_models()):
        rows = scoped.model._base_manager.filter(**{scoped.path: account.pk})
        while batch := list(rows.values_list("pk", flat=True)[:PURGE_BATCH_ROWS]):
            with transaction.atomic():
                # A raw DELETE: the tables pointing here are already empty, and Django's collector
                # (which loads every row to cascade by hand) would not scale to 500k messages.
                done = scoped.model._base_manager.filter(pk__in=batch)._raw_delete(rows.db)
            deleted[scoped.label] = deleted.get(scoped.label, 0) + done
    with transaction.atomic():
        # Rows a sync wrote while the purge ran (it stops at its next lease check) go with the account.
        _total, stragglers = OnlyFansAccount.objects.filter(pk=account.pk).delete()
        for label, count in stragglers.items():
            if label != OnlyFansAccount._meta.label and count:
                deleted[label.lower()] = deleted.get(label.lower(), 0) + count
        audit_record_for_account_row(
            action="account.purge",
            actor=actor,
            actor_label=actor_label,
            target=account,
            after={"rows": deleted},
        )
        transaction.on_commit(lambda: _files_remove(account, files))
    logger.info("purged account %s: %s", account.pk, deleted)
    return deleted


def _files_remove(account: OnlyFansAccount, files: list[Path]) -> None:
    for path in files:
        path.unlink(missing_ok=True)
    reply_index_delete(account)


def accounts_purge_expired(*, now: datetime | None = None) -> list[int]:
    """Purge every account disconnected for longer than the retention window; returns their ids.

    One account failing (a database error) is logged and retried on the next run; the others go on.
    """
    purged = []
    for account in accounts_due_for_purge(now=now):
        try:
            account_purge(account=account, actor_label="system:retention")
        except DatabaseError:
            logger.exception("purge of account %s failed; retried on the next run", account.pk)
            continue
        purged.append(account.pk)
    return purged
