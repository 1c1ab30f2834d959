"""The sales ledger (one row per OnlyFans transaction) and daily aggregate snapshots."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from huntaze.core.models import TimeStampedModel


class EarningKind(models.TextChoices):
    SUBSCRIPTION = "subscription", _("Subscription")
    TIP = "tip", _("Tip")
    MESSAGE = "message", _("Message / PPV")
    POST = "post", _("Post")
    STREAM = "stream", _("Stream")
    OTHER = "other", _("Other")


class EarningStatus(models.TextChoices):
    DONE = "done", _("Cleared")
    PENDING = "pending", _("Pending")
    CHARGEBACK = "chargeback", _("Charged back")
    OTHER = "other", _("Other")


class EarningsEntry(TimeStampedModel):
    # No index of its own: the unique constraint and indexes below start with it.
    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="earnings", db_index=False
    )
    onlyfans_id = models.CharField(_("OnlyFans transaction id"), max_length=64)
    kind = models.CharField(max_length=14, choices=EarningKind.choices)
    status = models.CharField(max_length=12, choices=EarningStatus.choices, default=EarningStatus.DONE)
    gross_cents = models.BigIntegerField()
    net_cents = models.BigIntegerField()
    fee_cents = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3, default="USD")
    fan = models.ForeignKey(
        "fans.Fan", null=True, blank=True, on_delete=models.SET_NULL, related_name="earnings"
    )
    fan_onlyfans_id = models.BigIntegerField(null=True, blank=True)
    description = models.CharField(max_length=500, blank=True)
    occurred_at = models.DateTimeField(_("time"), help_text=_("OnlyFans createdAt."))
    chargeback_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When a sync first saw this sale charged back (OnlyFans keeps the sale's date)."),
    )
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name_plural = "earnings entries"
        constraints = [
            models.UniqueConstraint(fields=["account", "onlyfans_id"], name="earning_unique_account_ofid"),
        ]
        indexes = [
            # Also covers the analytics' sums over a window (status, kind, amounts, fan): read from
            # the index alone instead of every ledger row of the window.
            models.Index(
                fields=["account", "-occurred_at", "status", "kind", "gross_cents", "net_cents", "fan"],
                name="earning_account_time_cover",
            ),
            # Chargebacks by when they were seen (analytics): a few rows, so a partial index.
            models.Index(
                fields=["account", "chargeback_at", "status", "gross_cents"],
                name="earning_account_chargeback",
                condition=models.Q(chargeback_at__isnull=False),
            ),
            models.Index(fields=["account", "fan", "-occurred_at"], name="earning_account_fan_time"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.gross_cents}c {self.currency}"


class StatsSnapshot(TimeStampedModel):
    """A daily figure that OnlyFans only gives as an aggregate (e.g. the earnings chart)."""

    account = models.ForeignKey("accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="stats")
    date = models.DateField()
    category = models.CharField(
        max_length=30, help_text=_("total, subscribes, tips, post, messages, stream, ref…")
    )
    amount_cents = models.BigIntegerField(default=0)
    count = models.IntegerField(default=0)

    class Meta:
        ordering = ["-date", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "date", "category"], name="stats_unique_account_date_cat"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.category}"
