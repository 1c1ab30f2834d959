"""Teams, memberships with roles, and connected OnlyFans accounts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.choices import AccountStatus, AssignmentMode, AttributionModel, Role
from huntaze.core.models import TimeStampedModel


class Team(TimeStampedModel):
    """A creator or an agency: the tenant. Every creator datum belongs to exactly one team."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    # How the chat team works (issue 10): one row of settings per team, chosen by its owners.
    assignment_mode = models.CharField(
        _("chat assignment"), max_length=16, choices=AssignmentMode.choices, default=AssignmentMode.MANUAL
    )
    max_open_chats = models.PositiveSmallIntegerField(
        _("open chats per chatter"),
        default=30,
        help_text=_("The capacity limit used when chats are assigned by capacity."),
    )
    first_response_target_minutes = models.PositiveIntegerField(
        _("first response target (minutes)"), default=15
    )
    next_response_target_minutes = models.PositiveIntegerField(
        _("next response target (minutes)"), default=10
    )
    attribution_model = models.CharField(
        _("sales attribution"),
        max_length=16,
        choices=AttributionModel.choices,
        default=AttributionModel.SENDER,
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A user's role in a team. Chatters see only the accounts listed in ``accounts``."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.CHATTER)
    accounts = models.ManyToManyField(
        "accounts.OnlyFansAccount",
        blank=True,
        related_name="assigned_memberships",
        help_text=_("For chatters: the OnlyFans accounts they may work on."),
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="membership_unique_team_user")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.team} ({self.role})"


class OnlyFansAccount(TimeStampedModel):
    """A creator's OnlyFans account connected to Huntaze.

    ``session_ciphertext`` holds the Fernet-encrypted session material (cookie ``sess`` and
    ``auth_id``, ``x-bc``, user agent). Read and write it only through
    ``accounts.services.account_session_set/_get``; it never leaves the server.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="onlyfans_accounts")
    onlyfans_user_id = models.BigIntegerField(_("OnlyFans user id"))
    username = models.CharField(_("username"), max_length=120)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    avatar_url = models.CharField(_("avatar"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AccountStatus.choices, default=AccountStatus.ACTIVE
    )
    status_reason = models.CharField(_("status reason"), max_length=500, blank=True)
    timezone = models.CharField(_("timezone"), max_length=64, default="UTC")
    preset_slug = models.CharField(_("niche preset"), max_length=40, blank=True)
    preset_overrides = models.JSONField(_("preset overrides"), default=dict, blank=True)
    suggestion_engine = models.CharField(
        _("suggestion engine"),
        max_length=10,
        blank=True,
        choices=[("local", _("Local (offline)")), ("llm", _("LLM server"))],
        help_text=_("Empty: the server's default (HUNTAZE_SUGGESTION_ENGINE)."),
    )
    session_ciphertext = models.BinaryField(editable=False, null=True)
    session_updated_at = models.DateTimeField(null=True, editable=False)
    last_sync_at = models.DateTimeField(_("last sync"), null=True, blank=True)
    manual_data = models.BooleanField(
        _("manual data"), default=False, help_text=_("Some data came from a file import (manual fallback).")
    )

    class Meta:
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(fields=["team", "onlyfans_user_id"], name="ofaccount_unique_team_user"),
        ]

    def __str__(self) -> str:
        return f"@{self.username}"

    def __repr__(self) -> str:
        return f"<OnlyFansAccount {self.pk} @{self.username} {self.status}>"

    @property
    def has_session(self) -> bool:
        return bool(self.session_ciphertext)
