"""Reads of login security: a user's 2FA state, lock-outs, team policies, the overview page."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pyotp
import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone

from huntaze.accounts.access import teams_owned_by
from huntaze.accounts.crypto import secret_decrypt
from huntaze.accounts.models import Membership, Team
from huntaze.security.models import LoginFailure, RecoveryCode, TeamSecurityPolicy, UserSecurity

MAX_FAILURES_PER_USERNAME = 5
MAX_FAILURES_PER_IP = 20
FAILURE_WINDOW = timedelta(minutes=15)
TOTP_ISSUER = "Huntaze"
# Session keys: the login waiting for its code, and the stamps the middleware checks.
PENDING_LOGIN_KEY = "huntaze_login_pending"
SESSION_EPOCH_KEY = "huntaze_session_epoch"
SESSION_SEEN_KEY = "huntaze_session_seen"


def username_key(username: str) -> str:
    """What failures are counted under: the typed name, trimmed and case-folded."""
    return username.strip().lower()[: LoginFailure._meta.get_field("username").max_length]


def client_ip(request: HttpRequest) -> str | None:
    """The peer address, as the audit trail records it (behind a proxy: the proxy's address)."""
    return request.META.get("REMOTE_ADDR") or None


# -- one user's state ---------------------------------------------------------------------------


def user_with_security_state(*, user_id: object) -> AbstractBaseUser | None:
    """The user with their ``security`` row and ``two_factor_required`` (a team of theirs demands 2FA).

    One query: the session middleware reads both on every request without asking the database again.
    """
    required = TeamSecurityPolicy.objects.filter(require_2fa=True, team__memberships__user=OuterRef("pk"))
    users = get_user_model()._default_manager.select_related("security")
    try:
        return users.annotate(two_factor_required=Exists(required)).filter(pk=user_id).first()
    except (TypeError, ValueError):
        return None


def user_security(user: AbstractBaseUser) -> UserSecurity | None:
    """The row loaded with the user (``user_with_security_state``), else read once and cached on it."""
    try:
        return user.security
    except UserSecurity.DoesNotExist:
        return None


def two_factor_enabled(user: AbstractBaseUser) -> bool:
    """Whether 2FA is on now (read fresh: services decide on it, a cached row could be stale)."""
    return UserSecurity.objects.filter(
        user=user, totp_confirmed_at__isnull=False, totp_ciphertext__isnull=False
    ).exists()


def two_factor_required(user: AbstractBaseUser) -> bool:
    """True when one of the user's teams requires 2FA (whether or not the user has it)."""
    loaded = getattr(user, "two_factor_required", None)
    if loaded is not None:
        return loaded
    return TeamSecurityPolicy.objects.filter(require_2fa=True, team__memberships__user=user).exists()


def two_factor_missing(user: AbstractBaseUser) -> bool:
    """A team of the user requires 2FA and the user has not turned it on (no query for a user
    loaded by ``user_with_security_state``)."""
    row = user_security(user)
    return two_factor_required(user) and not (row is not None and row.two_factor_enabled)


def session_epoch(user: AbstractBaseUser, *, fresh: bool = False) -> int:
    """The user's current session epoch; ``fresh`` reads the database instead of the loaded row."""
    if fresh:
        return UserSecurity.objects.filter(user=user).values_list("session_epoch", flat=True).first() or 0
    row = user_security(user)
    return row.session_epoch if row is not None else 0


def login_pending_user_id(request: HttpRequest) -> int | None:
    """The user whose password was right and whose code is awaited, if that was under 5 minutes ago."""
    pending = request.session.get(PENDING_LOGIN_KEY)
    if not isinstance(pending, dict) or pending.get("until", 0) < timezone.now().timestamp():
        return None
    return pending.get("user_id")


@dataclass(frozen=True, slots=True)
class TotpEnrolment:
    """A secret being enrolled: for the authenticator app (QR code) and for typing in."""

    secret: str = field(repr=False)
    qr_data_uri: str = field(repr=False)


def totp_enrolment_get(*, user: AbstractBaseUser) -> TotpEnrolment | None:
    """The pending (not yet confirmed) secret with its QR code, rendered here as SVG; else ``None``."""
    row = UserSecurity.objects.filter(user=user).first()
    if row is None or row.two_factor_enabled or not row.totp_ciphertext:
        return None
    secret = secret_decrypt(row.totp_ciphertext)["totp"]
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=TOTP_ISSUER)
    qr = segno.make(uri, error="m").svg_data_uri(scale=5, dark="#1f1a2e", light="#ffffff")
    return TotpEnrolment(secret=secret, qr_data_uri=qr)


def recovery_codes_left(*, user: AbstractBaseUser) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


# -- lock-outs ----------------------------------------------------------------------------------


def lock_seconds(times: Iterable[datetime], *, limit: int, now: datetime) -> int:
    """Seconds until fewer than ``limit`` of these failure times are within the window (0: not locked).

    A sliding window: the lock lifts when the ``limit``-th most recent failure is 15 minutes old.
    """
    recent = sorted((t for t in times if t > now - FAILURE_WINDOW), reverse=True)
    if len(recent) < limit:
        return 0
    return max(1, math.ceil((recent[limit - 1] + FAILURE_WINDOW - now).total_seconds()))


def login_lock_seconds(*, username: str, ip: str | None) -> int:
    """How long attempts for this username or from this address are refused (0: they are not)."""
    now = timezone.now()
    recent = LoginFailure.objects.filter(created_at__gt=now - FAILURE_WINDOW).order_by("-created_at")
    by_name = recent.filter(username=username_key(username)).values_list("created_at", flat=True)
    waits = [lock_seconds(by_name[:MAX_FAILURES_PER_USERNAME], limit=MAX_FAILURES_PER_USERNAME, now=now)]
    if ip:
        by_ip = recent.filter(ip=ip).values_list("created_at", flat=True)
        waits.append(lock_seconds(by_ip[:MAX_FAILURES_PER_IP], limit=MAX_FAILURES_PER_IP, now=now))
    return max(waits)


# -- the overview page --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LockedMember:
    membership: Membership
    until: datetime


@dataclass(frozen=True, slots=True)
class TeamSecurity:
    """What an owner sees of one team: the 2FA rule, who lacks 2FA, who is locked out."""

    team: Team
    require_2fa: bool
    members_without_2fa: list[Membership]
    locked: list[LockedMember]


@dataclass(frozen=True, slots=True)
class SecurityOverview:
    two_factor_enabled: bool
    enrolment_pending: bool
    two_factor_required: bool
    recovery_codes_left: int
    idle_minutes: int
    teams: list[TeamSecurity]


def security_overview(*, user: AbstractBaseUser) -> SecurityOverview:
    """The account security page of ``user`` (a fixed number of queries, whatever the team sizes)."""
    row = UserSecurity.objects.filter(user=user).first()
    enabled = row is not None and row.two_factor_enabled
    return SecurityOverview(
        two_factor_enabled=enabled,
        enrolment_pending=row is not None and not enabled and bool(row.totp_ciphertext),
        two_factor_required=two_factor_required(user),
        recovery_codes_left=recovery_codes_left(user=user) if enabled else 0,
        idle_minutes=settings.HUNTAZE_SESSION_IDLE_MINUTES,
        teams=_owned_teams_security(user),
    )


def _owned_teams_security(user: AbstractBaseUser) -> list[TeamSecurity]:
    teams = list(teams_owned_by(user).select_related("security_policy").order_by("name", "pk"))
    if not teams:
        return []
    members = list(
        Membership.objects.filter(team__in=teams)
        .select_related("user", "user__security")
        .order_by("user__username", "pk")
    )
    now = timezone.now()
    failures: dict[str, list[datetime]] = defaultdict(list)
    for name, at in LoginFailure.objects.filter(
        username__in={username_key(m.user.get_username()) for m in members},
        created_at__gt=now - FAILURE_WINDOW,
    ).values_list("username", "created_at"):
        failures[name].append(at)
    result = []
    for team in teams:
        policy = getattr(team, "security_policy", None)
        own = [m for m in members if m.team_id == team.pk]
        locked = [
            LockedMember(membership=m, until=now + timedelta(seconds=seconds))
            for m in own
            if (
                seconds := lock_seconds(
                    failures[username_key(m.user.get_username())], limit=MAX_FAILURES_PER_USERNAME, now=now
                )
            )
        ]
        result.append(
            TeamSecurity(
                team=team,
                require_2fa=policy is not None and policy.require_2fa,
                members_without_2fa=[
                    m for m in own if not ((row := user_security(m.user)) and row.two_factor_enabled)
                ],
                locked=locked,
            )
        )
    return result
