"""Login security: TOTP two-factor state, recovery codes, team policies and failed logins.

The TOTP secret is Fernet ciphertext (``accounts.crypto``, the same keys as OnlyFans sessions);
recovery codes are stored as SHA-256 hashes of 80-bit random codes. Failed logins are rows, so
the lock-out counts attempts across every web process and machine.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.security.choices import LoginStage

USERNAME_MAX_LENGTH = 150  # Django's ``User.username``: longer attempts are cut to this


class UserSecurity(models.Model):
    """One user's two-factor secret and session epoch.

    ``totp_ciphertext`` without ``totp_confirmed_at`` is an enrolment in progress: the secret was
    shown but no code from it was entered yet, so it does not protect the login. ``totp_last_step``
    is the last accepted 30-second time step: a code of that step or an older one is refused
    (replay protection). Raising ``session_epoch`` logs every session of the user out.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security")
    totp_ciphertext = models.BinaryField(null=True, editable=False)
    totp_confirmed_at = models.DateTimeField(_("two-factor enabled"), null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0, editable=False)
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("user security")
        verbose_name_plural = _("user security")

    def __str__(self) -> str:
        return f"security of user {self.user_id}"

    def __repr__(self) -> str:
        return f"<UserSecurity user={self.user_id} 2fa={self.two_factor_enabled}>"

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_confirmed_at is not None and bool(self.totp_ciphertext)


class RecoveryCode(models.Model):
    """A single-use code that replaces a TOTP code (lost phone). Only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_unique_user")
        ]

    def __str__(self) -> str:
        return f"recovery code of user {self.user_id}{' (used)' if self.used_at else ''}"


class TeamSecurityPolicy(models.Model):
    """A team's login rules, set by its owners. No row means the defaults (2FA optional)."""

    team = models.OneToOneField("accounts.Team", on_delete=models.CASCADE, related_name="security_policy")
    require_2fa = models.BooleanField(_("require two-factor authentication"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("team security policy")
        verbose_name_plural = _("team security policies")

    def __str__(self) -> str:
        return f"policy of team {self.team_id}: 2FA {'required' if self.require_2fa else 'optional'}"


class LoginFailure(models.Model):
    """One refused password or code. Recent rows per username and per IP make the lock-out.

    ``username`` is what was typed (lower-cased), whether or not such a user exists, so probing
    unknown names is throttled exactly like guessing a real one's password.
    """

    username = models.CharField(max_length=USERNAME_MAX_LENGTH)
    ip = models.GenericIPAddressField(null=True, blank=True)
    stage = models.CharField(max_length=16, choices=LoginStage.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["username", "created_at"], name="loginfailure_user_time"),
            models.Index(fields=["ip", "created_at"], name="loginfailure_ip_time"),
            models.Index(fields=["created_at"], name="loginfailure_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username} from {self.ip or '?'} ({self.stage})"
