"""The append-only audit trail.

Ids of the team, account, actor and target are plain columns, not foreign keys: the trail
must outlive the rows it talks about, and a cascade or ``SET NULL`` would be an update.
Updates and deletes are refused by the model and queryset here and, on PostgreSQL, by
a trigger too (migration 0002), so raw SQL cannot rewrite history either.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

from huntaze.audit.exceptions import AuditImmutableError


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditImmutableError()

    def delete(self) -> NoReturn:
        raise AuditImmutableError()

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditImmutableError()


class AuditEvent(models.Model):
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    team_id = models.BigIntegerField(null=True, db_index=True)
    account_id = models.BigIntegerField(null=True, db_index=True)
    actor_id = models.BigIntegerField(null=True)
    actor_label = models.CharField(_("actor"), max_length=200, help_text=_("Username or 'system:<job>'."))
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=80, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["team_id", "-created_at"], name="audit_team_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditImmutableError()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditImmutableError()
