"""Stored auto-calibration recommendations: the latest set per account, replaced after each sync."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huntaze.analytics.choices import CalibrationRule, Confidence, RecommendationAction
from huntaze.analytics.texts import EVIDENCE_LABELS, headline


class Recommendation(models.Model):
    """One rule's verdict with its evidence. ``params`` and ``evidence`` hold codes and numbers;
    the words come from ``calibration.texts`` in the reader's language."""

    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="recommendations", db_index=False
    )
    rule = models.CharField(_("rule"), max_length=20, choices=CalibrationRule.choices)
    action = models.CharField(_("recommendation"), max_length=20, choices=RecommendationAction.choices)
    confidence = models.CharField(_("confidence"), max_length=10, choices=Confidence.choices)
    priority = models.PositiveSmallIntegerField(default=0)
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    params = models.JSONField(default=dict, blank=True)
    evidence = models.JSONField(default=list, blank=True)
    fan = models.ForeignKey(
        "fans.Fan", null=True, blank=True, on_delete=models.CASCADE, related_name="recommendations"
    )
    computed_at = models.DateTimeField(_("computed at"), help_text=_("When this set was computed."))

    class Meta:
        ordering = ["-priority", "pk"]
        indexes = [models.Index(fields=["account", "-priority"], name="recommendation_account_prio")]

    def __str__(self) -> str:
        return f"{self.rule}: {self.action}"

    @property
    def headline(self) -> str:
        return headline(self.action, self.params)

    @property
    def is_actionable(self) -> bool:
        return self.action != RecommendationAction.NOT_ENOUGH_DATA

    def evidence_items(self) -> list[dict[str, Any]]:
        """Evidence with translated labels, in the order the rule gave it."""
        return [{**item, "label": EVIDENCE_LABELS.get(item["key"], item["key"])} for item in self.evidence]


class ChatTurn(models.Model):
    """A fan's turn in a chat (their messages since the last outgoing one) and the reply ending it.

    Derived from ``inbox.Message`` by ``services.chat_turns_refresh`` so response times read one row
    per turn instead of ordering every message of the window (~230k in 90 days on a large account).
    """

    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    chat = models.ForeignKey("inbox.Chat", on_delete=models.CASCADE, related_name="+")
    asked_at = models.DateTimeField(help_text=_("The turn's first fan message."))
    replied_at = models.DateTimeField(null=True, blank=True, help_text=_("The next outgoing message."))
    response_seconds = models.FloatField(null=True, blank=True)
    reply_onlyfans_id = models.BigIntegerField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        help_text=_("Who approved the reply, when it was sent through Huntaze."),
    )

    class Meta:
        indexes = [
            # Covers the response-time reads: a window of one account, its seconds and authors.
            models.Index(
                fields=["account", "asked_at", "response_seconds", "replied_by"],
                name="chatturn_account_asked",
            )
        ]

    def __str__(self) -> str:
        return f"turn {self.chat_id} {self.asked_at:%Y-%m-%d %H:%M}"


class AnalyticsState(models.Model):
    """Per account: the newest message id already folded into ``ChatTurn``."""

    account = models.OneToOneField(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    turns_message_id = models.BigIntegerField(default=0)
    turns_refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"analytics state of {self.account_id}"
