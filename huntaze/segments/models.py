"""Saved fan segments of an account, their daily counts, and the spend tier thresholds.

A segment stores its rules (``rules.Definition`` as JSON), never its members: membership is one
query over the synced fans (``rules.definition_q``), counted again after every sync.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from huntaze.core.models import TimeStampedModel
from huntaze.segments.choices import BuiltinSegment
from huntaze.segments.rules import Definition

NAME_MAX_LENGTH = 80


class Segment(TimeStampedModel):
    # No index of its own: the unique constraints below start with it.
    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="segments", db_index=False
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    definition = models.JSONField(_("rules"), help_text=_("A validated rules.Definition."))
    builtin = models.CharField(
        max_length=30,
        blank=True,
        choices=BuiltinSegment.choices,
        help_text=_("Which built-in segment this started as; empty for segments people made."),
    )
    fan_count = models.PositiveIntegerField(_("fans"), null=True, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            # "Whales" and "whales" side by side would be two lists nobody can tell apart.
            models.UniqueConstraint(models.F("account"), Lower("name"), name="segment_unique_account_name"),
            models.UniqueConstraint(
                fields=["account", "builtin"],
                condition=~models.Q(builtin=""),
                name="segment_unique_account_builtin",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def describe(self) -> list[str]:
        """Each rule in words, in the current language."""
        return Definition.model_validate(self.definition).describe()


class SegmentSnapshot(models.Model):
    """A segment's count on one day of its account's time zone (the last refresh of that day)."""

    # No index of its own: the unique constraint starts with it.
    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="snapshots", db_index=False)
    date = models.DateField()
    fan_count = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["segment", "date"], name="segment_snapshot_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.segment_id} {self.date}: {self.fan_count}"


class SpendTiers(TimeStampedModel):
    """Minimum total spend (cents) of each tier: a team's (``account`` empty) or one account's.

    A fan is in the highest tier whose minimum they reached; under bronze means no tier.
    """

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(
        "accounts.OnlyFansAccount", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    bronze_cents = models.BigIntegerField(_("bronze from"))
    silver_cents = models.BigIntegerField(_("silver from"))
    gold_cents = models.BigIntegerField(_("gold from"))
    platinum_cents = models.BigIntegerField(_("platinum from"))

    class Meta:
        verbose_name_plural = "spend tiers"
        constraints = [
            models.UniqueConstraint(
                fields=["team"], condition=models.Q(account__isnull=True), name="spend_tiers_unique_team"
            ),
            models.UniqueConstraint(
                fields=["account"],
                condition=models.Q(account__isnull=False),
                name="spend_tiers_unique_account",
            ),
            models.CheckConstraint(
                condition=models.Q(bronze_cents__gt=0)
                & models.Q(silver_cents__gt=models.F("bronze_cents"))
                & models.Q(gold_cents__gt=models.F("silver_cents"))
                & models.Q(platinum_cents__gt=models.F("gold_cents")),
                name="spend_tiers_ascending",
            ),
        ]

    def __str__(self) -> str:
        return f"spend tiers of {'account ' + str(self.account_id) if self.account_id else 'team'}"


class SegmentDefaultsApplied(models.Model):
    """The built-in segments were created for this account once: deleting one does not bring it back."""

    account = models.OneToOneField(
        "accounts.OnlyFansAccount", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    applied_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"segment defaults of {self.account_id}"
