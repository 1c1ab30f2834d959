"""Helpers of the security tests: a movable clock, TOTP codes, 2FA set up through the services."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huntaze.security.selectors import totp_enrolment_get
from huntaze.security.services import totp_enrol_confirm, totp_enrol_start

PASSWORD = "correct-horse-battery"  # factories.make_user's


class Clock:
    """``timezone.now()`` moved forward by ``offset`` (sessions, TOTP steps and locks all follow)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    moved = Clock()
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + moved.offset)
    return moved


def code_at(secret: str, steps: int = 0) -> str:
    """The TOTP code of the current 30-second step plus ``steps`` (by ``timezone.now()``)."""
    totp = pyotp.TOTP(secret)
    return totp.generate_otp(totp.timecode(timezone.now()) + steps)


def enable_2fa(user: AbstractBaseUser) -> tuple[str, list[str]]:
    """Turn 2FA on for ``user``; returns the secret and the recovery codes.

    Confirmed with the previous step's code, so the current step's code is still unused.
    """
    totp_enrol_start(user=user)
    secret = totp_enrolment_get(user=user).secret
    codes = totp_enrol_confirm(user=user, code=code_at(secret, -1))
    return secret, codes


def password_step(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post(reverse("web:login"), {"username": username, "password": password}, **extra)


def code_step(client: Client, code: str, **extra: str):
    return client.post(reverse("security:login_code"), {"code": code}, **extra)


def is_logged_in(client: Client) -> bool:
    return client.get(reverse("web:hub")).status_code == 200
