"""Who a sale (a PPV purchase or a tip) is credited to: one row per attributable ledger entry."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.choices import AttributionModel
from huntaze.core.models import TimeStampedModel

REASON_MAX_LENGTH = 500


class SaleAttribution(TimeStampedModel):
    """The chatter credited with one ``EarningsEntry`` (empty: nobody), by which model.

    Computed by ``services.attributions_refresh`` after each sync. A row an owner ``reassigned``
    is Huntaze-owned from then on: no refresh or model change ever rewrites it.
    """

    # No index of its own: the indexes below start with it.
    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    entry = models.OneToOneField(
        "earnings.EarningsEntry", on_delete=models.CASCADE, related_name="attribution"
    )
    chatter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("credited to"),
    )
    model = models.CharField(_("attribution model"), max_length=16, choices=AttributionModel.choices)
    message = models.ForeignKey(
        "inbox.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The PPV message this purchase unlocked, when it was found."),
    )
    reassigned = models.BooleanField(_("reassigned"), default=False)
    reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    reassigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reassigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["account", "chatter"], name="attribution_account_chatter"),
            # The refresh's "still unattributed" and "computed by another model" passes.
            models.Index(
                fields=["account", "model"], condition=models.Q(reassigned=False), name="attribution_computed"
            ),
        ]

    def __str__(self) -> str:
        return f"sale {self.entry_id} -> {self.chatter_id} ({self.model})"
