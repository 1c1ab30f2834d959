"""The audit trail is append-only: the model, the queryset and (on PostgreSQL) the database refuse changes."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from huntaze.audit.exceptions import AuditImmutableError
from huntaze.audit.models import AuditEvent
from huntaze.audit.services import audit_record


@pytest.fixture
def event(db, owner):
    return audit_record(action="test.action", actor=owner, after={"x": 1})


def test_record_stores_actor_and_payload(event, owner):
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.actor_label, stored.after) == (owner.pk, "owner", {"x": 1})


def test_model_save_of_existing_event_is_refused(event):
    event.action = "rewritten"
    with pytest.raises(AuditImmutableError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.action"


def test_model_and_queryset_delete_and_update_are_refused(event):
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(action="rewritten")
    assert AuditEvent.objects.filter(pk=event.pk, action="test.action").exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'rewritten' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_postgresql_trigger_refuses_raw_sql(event, sql):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, action="test.action").exists()
