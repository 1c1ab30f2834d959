"""Fans (subscribers) of a connected account, with Huntaze-only tags and notes.

Spend is integer cents split by kind. Remote-owned fields follow OnlyFans on every sync;
``tags`` and ``notes`` are Huntaze-owned and a sync never writes them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from huntaze.core.models import TimeStampedModel
from huntaze.fans.choices import SubscriptionStatus


class Tag(TimeStampedModel):
    account = models.ForeignKey("accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="tag_unique_account_name")]

    def __str__(self) -> str:
        return self.name


class Fan(TimeStampedModel):
    # No index of its own: the unique constraint and indexes below start with it.
    account = models.ForeignKey(
        "accounts.OnlyFansAccount", on_delete=models.CASCADE, related_name="fans", db_index=False
    )
    onlyfans_id = models.BigIntegerField(_("OnlyFans user id"))
    username = models.CharField(_("username"), max_length=120, blank=True)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    avatar_url = models.CharField(_("avatar"), max_length=1000, blank=True)
    subscription_status = models.CharField(
        _("subscription"), max_length=10, choices=SubscriptionStatus.choices, default=SubscriptionStatus.NEVER
    )
    subscribed_at = models.DateTimeField(_("subscribed"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    renewed_at = models.DateTimeField(_("renewed"), null=True, blank=True)
    renew_on = models.BooleanField(_("auto-renew on"), null=True)
    spend_subscriptions_cents = models.BigIntegerField(default=0)
    spend_tips_cents = models.BigIntegerField(default=0)
    spend_messages_cents = models.BigIntegerField(default=0)
    spend_posts_cents = models.BigIntegerField(default=0)
    spend_streams_cents = models.BigIntegerField(default=0)
    spend_total_cents = models.BigIntegerField(_("total spend"), default=0)
    # The subscriber list's lifetime totals as of ``spend_snapshot_at`` (cents by kind);
    # ``spend_*_cents`` = snapshot + ledger rows after it (see ``fan_spend_recompute``).
    spend_snapshot = models.JSONField(default=dict, blank=True)
    spend_snapshot_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    raw = models.JSONField(
        default=dict, blank=True, help_text=_("Fields OnlyFans sent that Huntaze does not model.")
    )
    synced_at = models.DateTimeField(null=True, blank=True)
    # Huntaze-owned: never written by a sync.
    tags = models.ManyToManyField(Tag, blank=True, related_name="fans")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-spend_total_cents", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["account", "onlyfans_id"], name="fan_unique_account_ofid"),
        ]
        indexes = [
            # With the pk, the index is the list's whole order (spend, then id): a page deep among
            # the thousands of fans who spent nothing reads 51 entries instead of sorting them all.
            models.Index(fields=["account", "-spend_total_cents", "-id"], name="fan_account_spend_id"),
            models.Index(fields=["account", "-last_message_at"], name="fan_account_lastmsg"),
            # Also covers the analytics' counts over all fans of an account (new, expired, churn,
            # renew-on, lifetime value): read from the index alone, not from 50k scattered rows.
            models.Index(
                fields=[
                    "account",
                    "subscription_status",
                    "subscribed_at",
                    "expires_at",
                    "renew_on",
                    "spend_total_cents",
                    "id",
                ],
                name="fan_account_status_cover",
            ),
            # The dashboard's other sorts (pages of 50 from 100k+ fans). Names repeat, hence the pk;
            # ``username`` makes that index cover the search, which then scans names, not rows.
            models.Index(fields=["account", "-subscribed_at"], name="fan_account_subscribed"),
            models.Index(fields=["account", "-last_seen_at"], name="fan_account_lastseen"),
            models.Index(fields=["account", "display_name", "id", "username"], name="fan_account_name"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username or str(self.onlyfans_id)
