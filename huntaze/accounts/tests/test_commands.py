"""Operator commands wrap the services."""

from __future__ import annotations

import io

from cryptography.fernet import Fernet
from django.core.management import call_command

from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.services import account_session_get
from huntaze.core.tests.factories import SESSION, make_account


def test_rotate_secrets_command_reencrypts_under_the_new_first_key(team, settings):
    account = make_account(team)
    old = bytes(OnlyFansAccount.objects.get(pk=account.pk).session_ciphertext)
    new_key = Fernet.generate_key().decode()
    settings.FERNET_KEYS = [new_key, *settings.FERNET_KEYS]
    out = io.StringIO()
    call_command("rotate_secrets", stdout=out)
    assert "Re-encrypted 1 session" in out.getvalue()
    stored = OnlyFansAccount.objects.get(pk=account.pk)
    assert bytes(stored.session_ciphertext) != old
    settings.FERNET_KEYS = [new_key]
    assert account_session_get(account=stored) == SESSION


def test_demo_setup_prints_the_password_once(db):
    first, second = io.StringIO(), io.StringIO()
    call_command("demo_setup", stdout=first)
    call_command("demo_setup", stdout=second)
    assert "password:" in first.getvalue()
    assert "password:" not in second.getvalue()
    assert "exists" in second.getvalue()
