"""Posts and vault media of a connected account, as synced from OnlyFans."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from huntaze.core.models import TimeStampedModel


class ContentKind(models.TextChoices):
    POST = "post", _("Post")
    VAULT = "vault", _("Vault media")


class Content(TimeStampedModel):
    account = models.ForeignKey("accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="content")
    onlyfans_id = models.BigIntegerField(_("OnlyFans id"))
    kind = models.CharField(max_length=10, choices=ContentKind.choices)
    text = models.TextField(blank=True)
    price_cents = models.BigIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    media_type = models.CharField(max_length=20, blank=True, help_text=_("photo, video, gif, audio or mixed"))
    media_count = models.PositiveIntegerField(default=0)
    likes_count = models.PositiveIntegerField(default=0)
    comments_count = models.PositiveIntegerField(default=0)
    tips_cents = models.BigIntegerField(default=0)
    purchases_count = models.PositiveIntegerField(default=0)
    is_archived = models.BooleanField(default=False)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "kind", "onlyfans_id"], name="content_unique_account_kind_ofid"
            ),
        ]
        indexes = [
            models.Index(fields=["account", "kind", "-published_at"], name="content_account_kind_time")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.onlyfans_id}"
