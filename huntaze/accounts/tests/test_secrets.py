"""Session material is encrypted at rest, rotates without loss, and fails clearly on a wrong key."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from huntaze.accounts.exceptions import SecretDecryptError, SecretKeyConfigError
from huntaze.accounts.models import OnlyFansAccount
from huntaze.accounts.services import (
    account_session_get,
    account_session_set,
    account_status_set,
    secrets_rotate,
)
from huntaze.audit.models import AuditEvent
from huntaze.core.tests.factories import SESSION, make_account


def _raw_ciphertext(account_id: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_ciphertext FROM accounts_onlyfansaccount WHERE id = %s", [account_id])
        return bytes(cursor.fetchone()[0])


def test_session_round_trips_and_is_stored_encrypted(team):
    account = make_account(team)
    assert account_session_get(account=OnlyFansAccount.objects.get(pk=account.pk)) == SESSION
    raw = _raw_ciphertext(account.pk)
    for secret in (SESSION["sess"], SESSION["x_bc"], SESSION["user_agent"]):
        assert secret.encode() not in raw


@pytest.mark.django_db(transaction=True)
def test_raw_session_is_absent_from_the_sqlite_file(team):
    if connection.vendor != "sqlite":
        pytest.skip("checks the embedded database file")
    make_account(team)
    connection.close()  # checkpoint-free read: also scan the WAL file
    name = Path(connection.settings_dict["NAME"])
    blobs = b"".join(p.read_bytes() for p in (name, Path(f"{name}-wal")) if p.exists())
    assert b"412345678" in blobs or b"creator" in blobs  # the file really holds the account row
    assert SESSION["sess"].encode() not in blobs
    assert SESSION["x_bc"].encode() not in blobs


def test_key_rotation_reencrypts_without_loss(team, settings):
    old_key = settings.FERNET_KEYS[0]
    accounts = [make_account(team) for _ in range(3)]
    new_key = Fernet.generate_key().decode()
    settings.FERNET_KEYS = [new_key, old_key]
    assert secrets_rotate(batch_size=2) == 3
    settings.FERNET_KEYS = [new_key]  # the old key is gone: rows must still open
    for account in accounts:
        assert account_session_get(account=OnlyFansAccount.objects.get(pk=account.pk)) == SESSION


def test_wrong_key_gives_a_clear_error_without_secrets(team, settings):
    account = make_account(team)
    settings.FERNET_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(SecretDecryptError) as excinfo:
        account_session_get(account=OnlyFansAccount.objects.get(pk=account.pk))
    assert "HUNTAZE_FERNET_KEYS" in excinfo.value.message
    assert SESSION["sess"] not in str(excinfo.value)


def test_malformed_key_is_a_configuration_error(team, settings):
    account = make_account(team)
    settings.FERNET_KEYS = ["not-a-fernet-key"]
    with pytest.raises(SecretKeyConfigError):
        account_session_get(account=account)


def test_new_session_material_reactivates_and_never_reaches_the_audit_trail(team):
    account = make_account(team)
    account_status_set(account=account, status="needs_reauth", reason="401 from OnlyFans")
    fresh = {**SESSION, "sess": "another-secret-token"}
    account_session_set(account=account, session=fresh)
    assert account.status == "active"
    assert account_session_get(account=OnlyFansAccount.objects.get(pk=account.pk))["sess"] == fresh["sess"]
    dumped = repr(list(AuditEvent.objects.values()))
    assert SESSION["sess"] not in dumped
    assert "another-secret-token" not in dumped


def test_session_never_appears_in_model_repr_or_admin_list(team, admin_client):
    account = make_account(team)
    assert SESSION["sess"] not in repr(account)
    assert SESSION["sess"] not in str(account)
    page = admin_client.get("/admin/accounts/onlyfansaccount/").content.decode()
    assert account.username in page
    detail = admin_client.get(f"/admin/accounts/onlyfansaccount/{account.pk}/change/").content.decode()
    assert SESSION["sess"] not in page + detail
    assert SESSION["x_bc"] not in page + detail
