"""TOTP two-factor authentication (RFC 6238, 30-second steps, 6 digits) and recovery codes.

A code is accepted for the current step or one step either side (phone clocks drift), and only
for a step later than the last accepted one: a code, once used, can never be replayed. The secret
is encrypted with the Fernet keys of ``accounts.crypto``; recovery codes are 80-bit random
strings stored as SHA-256 hashes and marked used atomically.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

import pyotp
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huntaze.accounts.access import require_team_role
from huntaze.accounts.choices import Role
from huntaze.accounts.crypto import secret_decrypt, secret_encrypt, secret_rotate
from huntaze.audit.services import audit_record
from huntaze.core.exceptions import NotFoundError
from huntaze.security.choices import LoginStage
from huntaze.security.exceptions import InvalidCodeError, InvalidCredentialsError, TwoFactorStateError
from huntaze.security.models import RecoveryCode, TeamSecurityPolicy, UserSecurity
from huntaze.security.selectors import two_factor_enabled
from huntaze.security.services.audit import user_audit_record
from huntaze.security.services.throttle import login_failure_record, login_lock_check

DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 16  # 16 characters of a 31-letter alphabet: about 79 bits
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o or 1/i/l to misread
_TOTP_CODE = re.compile(r"^\d{6}$")
_SEPARATORS = re.compile(r"[\s-]+")

ALREADY_ON = _("Two-factor authentication is already on. Disable it first to set up a new device.")


def _row(user: AbstractBaseUser) -> UserSecurity:
    """The user's security row, locked for this transaction (created on first use)."""
    # By id: creating it with ``user=`` would cache this row on the caller's user object.
    UserSecurity.objects.get_or_create(user_id=user.pk)
    return UserSecurity.objects.select_for_update().get(user_id=user.pk)


def _normalize(code: str) -> str:
    return _SEPARATORS.sub("", code).lower()


def _code_hash(code: str) -> str:
    return hashlib.sha256(_normalize(code).encode()).hexdigest()


def _recovery_codes_replace(user: AbstractBaseUser) -> list[str]:
    """New recovery codes for ``user`` (the old ones stop working). The plain codes exist only here."""
    codes = [
        "-".join(
            "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(4))
            for _ in range(RECOVERY_CODE_LENGTH // 4)
        )
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_code_hash(code)) for code in codes)
    return codes


def _totp_accept(row: UserSecurity, code: str) -> bool:
    """Accept ``code`` if it is the TOTP of a step within the drift and later than the last used one.

    The conditional update makes "later than the last used step" hold across processes too.
    """
    code = _normalize(code)
    if not row.totp_ciphertext or not _TOTP_CODE.match(code):
        return False
    totp = pyotp.TOTP(secret_decrypt(row.totp_ciphertext)["totp"])
    now = totp.timecode(timezone.now())
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return (
                UserSecurity.objects.filter(pk=row.pk, totp_last_step__lt=step).update(totp_last_step=step)
                == 1
            )
    return False


def _recovery_code_use(user: AbstractBaseUser, code: str) -> bool:
    unused = RecoveryCode.objects.filter(user=user, code_hash=_code_hash(code), used_at__isnull=True)
    return unused.update(used_at=timezone.now()) == 1


@transaction.atomic
def totp_enrol_start(*, user: AbstractBaseUser) -> None:
    """Give ``user`` a new, not yet active TOTP secret (starting over replaces an unconfirmed one).

    Raises ``TwoFactorStateError`` when 2FA is already on.
    """
    row = _row(user)
    if row.two_factor_enabled:
        raise TwoFactorStateError(ALREADY_ON)
    row.totp_ciphertext = secret_encrypt({"totp": pyotp.random_base32()})
    row.totp_confirmed_at = None
    row.totp_last_step = 0
    row.save(update_fields=["totp_ciphertext", "totp_confirmed_at", "totp_last_step", "updated_at"])


@transaction.atomic
def totp_enrol_confirm(*, user: AbstractBaseUser, code: str, request: HttpRequest | None = None) -> list[str]:
    """Turn 2FA on once a code from the new secret checks out; returns the 10 recovery codes (shown once).

    Raises ``TwoFactorStateError`` without an enrolment in progress or when 2FA is already on,
    and ``InvalidCodeError`` for a wrong, stale or reused code.
    """
    row = _row(user)
    if row.two_factor_enabled:
        raise TwoFactorStateError(ALREADY_ON)
    if not row.totp_ciphertext:
        raise TwoFactorStateError(_("Start the set-up first: a new secret is needed."))
    if not _totp_accept(row, code):
        raise InvalidCodeError(
            _("This code is not valid. Check that your phone's clock is right and enter the current code.")
        )
    row.totp_confirmed_at = timezone.now()
    row.save(update_fields=["totp_confirmed_at", "updated_at"])
    codes = _recovery_codes_replace(user)
    user_audit_record(action="two_factor.enable", user=user, actor=user, request=request)
    return codes


def two_factor_verify(*, user: AbstractBaseUser, code: str, request: HttpRequest | None = None) -> str:
    """Check a TOTP code or an unused recovery code of ``user``; returns which: ``totp`` or
    ``recovery_code``.

    A recovery code is spent by this call (audited with how many are left). Raises
    ``InvalidCodeError`` otherwise.
    """
    with transaction.atomic():
        row = _row(user)
        if not row.two_factor_enabled:
            raise InvalidCodeError()
        if _totp_accept(row, code):
            return "totp"
        if _recovery_code_use(user, code):
            left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
            user_audit_record(
                action="two_factor.recovery_code_use",
                user=user,
                actor=user,
                request=request,
                after={"left": left},
            )
            return "recovery_code"
    raise InvalidCodeError()


def credentials_confirm(
    *, request: HttpRequest, user: AbstractBaseUser, password: str, code: str | None = None
) -> None:
    """Re-check the logged-in user's password (and a code) before a sensitive change.

    Throttled and counted like a login, so a stolen session cannot guess the password either.
    Raises ``LoginLockedError``, ``InvalidCredentialsError`` or ``InvalidCodeError``.
    """
    login_lock_check(request=request, username=user.get_username())
    if not user.check_password(password):
        login_failure_record(
            request=request, username=user.get_username(), stage=LoginStage.PASSWORD, user=user
        )
        raise InvalidCredentialsError(_("The password is not right."))
    if code is not None:
        try:
            two_factor_verify(user=user, code=code, request=request)
        except InvalidCodeError:
            login_failure_record(
                request=request, username=user.get_username(), stage=LoginStage.CODE, user=user
            )
            raise


def totp_disable(*, request: HttpRequest, user: AbstractBaseUser, password: str, code: str) -> None:
    """Turn 2FA off (secret and recovery codes deleted) after the password and a current code.

    Raises like ``credentials_confirm``, and ``TwoFactorStateError`` when 2FA is off.
    """
    if not two_factor_enabled(user):
        raise TwoFactorStateError(_("Two-factor authentication is not on."))
    credentials_confirm(request=request, user=user, password=password, code=code)
    with transaction.atomic():
        _two_factor_remove(user)
        user_audit_record(action="two_factor.disable", user=user, actor=user, request=request)


def _two_factor_remove(user: AbstractBaseUser) -> None:
    row = _row(user)
    row.totp_ciphertext = None
    row.totp_confirmed_at = None
    row.save(update_fields=["totp_ciphertext", "totp_confirmed_at", "updated_at"])
    RecoveryCode.objects.filter(user=user).delete()


def totp_reset(*, username: str) -> AbstractBaseUser:
    """The operator's way out for a user who lost both phone and recovery codes: 2FA off (audited
    as ``system:cli``). Raises ``NotFoundError`` for an unknown username."""
    model = get_user_model()
    user = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
    if user is None:
        raise NotFoundError()
    with transaction.atomic():
        _two_factor_remove(user)
        user_audit_record(action="two_factor.reset", user=user, actor=None, actor_label="system:cli")
    return user


def recovery_codes_regenerate(*, request: HttpRequest, user: AbstractBaseUser, password: str) -> list[str]:
    """New recovery codes after the password (the old ones stop working); returns them, shown once.

    Raises like ``credentials_confirm``, and ``TwoFactorStateError`` when 2FA is off.
    """
    if not two_factor_enabled(user):
        raise TwoFactorStateError(_("Two-factor authentication is not on."))
    credentials_confirm(request=request, user=user, password=password)
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
        user_audit_record(
            action="two_factor.recovery_codes_regenerate", user=user, actor=user, request=request
        )
    return codes


@transaction.atomic
def team_2fa_require(
    *, actor: AbstractBaseUser, team_id: int, required: bool, request: HttpRequest | None = None
) -> TeamSecurityPolicy:
    """Make 2FA mandatory (or optional again) for every member of a team; owners only.

    Members without 2FA are sent to enrolment at their next request. Raises ``NotFoundError``
    outside the actor's teams, ``PermissionDeniedError`` for managers and chatters, and
    ``TwoFactorStateError`` when the owner requires it without having it on (they would lock
    themselves out of everything but the set-up page).
    """
    require_team_role(actor, team_id=team_id, roles=(Role.OWNER,))
    if required and not two_factor_enabled(actor):
        raise TwoFactorStateError(_("Turn on two-factor authentication for yourself before requiring it."))
    TeamSecurityPolicy.objects.get_or_create(team_id=team_id)
    policy = TeamSecurityPolicy.objects.select_for_update().get(team_id=team_id)
    if policy.require_2fa != required:
        before = {"require_2fa": policy.require_2fa}
        policy.require_2fa = required
        policy.save(update_fields=["require_2fa", "updated_at"])
        audit_record(
            action="team.two_factor_policy",
            actor=actor,
            team_id=team_id,
            target=policy,
            before=before,
            after={"require_2fa": required},
            request=request,
        )
    return policy


def totp_secrets_rotate(*, batch_size: int = 200) -> int:
    """Re-encrypt every stored TOTP secret under the newest Fernet key (``huntaze rotate_secrets``).

    Without it, dropping an old key would make the 2FA of everyone enrolled under it unusable
    (recovery codes would still work). Batches commit on their own; rerunning is safe.
    """
    rotated = 0
    ids = list(UserSecurity.objects.exclude(totp_ciphertext=None).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            for row in UserSecurity.objects.select_for_update().filter(
                pk__in=ids[start : start + batch_size]
            ):
                row.totp_ciphertext = secret_rotate(row.totp_ciphertext)
                row.save(update_fields=["totp_ciphertext"])
                rotated += 1
    return rotated
