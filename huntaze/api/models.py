"""Bearer tokens for scripts: hashed at rest, scoped to one team, revocable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 80
EXPIRES_MAX_DAYS = 3650


class ApiToken(models.Model):
    """A script's credential. Only ``token_hash`` (SHA-256 of the secret) is stored.

    It stops working when revoked or once ``expires_at`` (optional) has passed.

    The secret is shown once, at creation; ``prefix`` (its first 8 characters) lets people tell
    tokens apart and lets the API find the row before comparing hashes in constant time.
    """

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="api_tokens")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("expires"), null=True, blank=True, help_text=_("Empty: the token works until it is revoked.")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def __repr__(self) -> str:
        return f"<ApiToken {self.pk} {self.prefix}… team={self.team_id}>"
