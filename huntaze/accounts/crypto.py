"""Encryption at rest for OnlyFans session material (Fernet, rotatable keys).

Keys come from ``settings.FERNET_KEYS`` (newest first). ``MultiFernet`` encrypts with the
first key and decrypts with any, so rotation is: put a new key first, run
``huntaze rotate_secrets``, then drop the old key. Errors never include plaintext.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from huntaze.accounts.exceptions import SecretDecryptError, SecretKeyConfigError


@lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise SecretKeyConfigError("No Fernet key is configured (HUNTAZE_FERNET_KEYS).")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise SecretKeyConfigError(
            "A Fernet key in HUNTAZE_FERNET_KEYS is malformed: each must be 32 url-safe base64 bytes."
        ) from exc


def fernet() -> MultiFernet:
    return _multi_fernet(tuple(settings.FERNET_KEYS))


def secret_encrypt(data: dict[str, Any]) -> bytes:
    return fernet().encrypt(json.dumps(data, separators=(",", ":")).encode())


def secret_decrypt(token: bytes) -> dict[str, Any]:
    """Raises ``SecretDecryptError`` when no configured key opens the token."""
    try:
        return json.loads(fernet().decrypt(bytes(token)))
    except InvalidToken as exc:
        raise SecretDecryptError() from exc


def secret_rotate(token: bytes) -> bytes:
    """Re-encrypt under the newest key (``MultiFernet.rotate``)."""
    try:
        return fernet().rotate(bytes(token))
    except InvalidToken as exc:
        raise SecretDecryptError() from exc
