"""Full exports of one OnlyFans account: a job row with its progress and the file it produced."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huntaze.core.models import TimeStampedModel
from huntaze.exports.choices import ExportStatus


class Export(TimeStampedModel):
    """One export of an account, written by a worker under ``HUNTAZE_EXPORT_DIR``.

    ``progress`` is ``{table: {"done": rows written, "total": rows expected}}``; ``manifest`` is
    the archive's ``manifest.json`` once it is ready (row counts and money sums per table).
    """

    account = models.ForeignKey("accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.JSONField(default=dict, blank=True)
    file_name = models.CharField(max_length=200, blank=True, help_text=_("Inside HUNTAZE_EXPORT_DIR."))
    size_bytes = models.BigIntegerField(null=True, blank=True)
    manifest = models.JSONField(default=dict, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["account", "-created_at"], name="export_account_time")]

    def __str__(self) -> str:
        return f"export {self.pk} of {self.account_id} {self.status}"

    @property
    def rows_done(self) -> int:
        return sum(table.get("done", 0) for table in self.progress.values())

    @property
    def rows_total(self) -> int:
        return sum(table.get("total", 0) for table in self.progress.values())

    @property
    def percent(self) -> int:
        """Rows written out of rows expected, 0 to 100 (the estimate is counted when the run starts)."""
        total = self.rows_total
        return min(100, round(100 * self.rows_done / total)) if total else 0
