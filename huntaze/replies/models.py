"""Saved replies: texts a chat team reuses, with variables filled in for each fan (``rendering``).

A reply belongs to a team; with an ``account`` it is that account's own, without one every account
of the team uses it. Only ``services`` writes them; the composer inserts a rendered copy that a
human still reviews and approves (``inbox.sending``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huntaze.core.models import TimeStampedModel

TITLE_MAX_LENGTH = 80
SHORTCUT_MAX_LENGTH = 40
BODY_MAX_LENGTH = 5000  # the composer's limit


class SavedReply(TimeStampedModel):
    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(
        "accounts.OnlyFansAccount",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="saved_replies",
        help_text=_("Empty: every account of the team uses it."),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    shortcut = models.SlugField(_("shortcut"), max_length=SHORTCUT_MAX_LENGTH)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    price_cents = models.BigIntegerField(_("default price"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["shortcut", "pk"]
        verbose_name_plural = "saved replies"
        constraints = [
            # An account's own reply may reuse a team-wide shortcut (it is listed first in search).
            models.UniqueConstraint(
                fields=["team", "shortcut"],
                condition=models.Q(account__isnull=True),
                name="saved_reply_unique_team_shortcut",
            ),
            models.UniqueConstraint(
                fields=["account", "shortcut"],
                condition=models.Q(account__isnull=False),
                name="saved_reply_unique_account_shortcut",
            ),
            models.CheckConstraint(
                condition=models.Q(price_cents__isnull=True) | models.Q(price_cents__gt=0),
                name="saved_reply_price_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"/{self.shortcut}"
