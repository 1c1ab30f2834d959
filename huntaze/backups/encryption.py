"""Streaming authenticated encryption of backup files (AES-256-GCM in 1 MiB chunks).

A database dump can be larger than memory, so it is sealed chunk by chunk. Each chunk's nonce
is the file's random prefix plus the chunk number, and its associated data says whether it is
the last one: chunks cannot be reordered, dropped or the file truncated without decryption
failing.

File layout: ``MAGIC`` · 8-byte nonce prefix · then per chunk a 4-byte big-endian length and
the ciphertext (with its 16-byte tag).
"""

from __future__ import annotations

import base64
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from huntaze.core.exceptions import HuntazeError

MAGIC = b"HZBACKUP1\n"
CHUNK = 1 << 20
_LENGTH = struct.Struct(">I")


class BackupKeyError(HuntazeError):
    code = "backup_key"
    default_message = "The backup cannot be decrypted with this key (wrong key, or the file was altered)."


def backup_key_generate() -> str:
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def _aead(key: str) -> AESGCM:
    try:
        raw = base64.urlsafe_b64decode(key.encode())
    except ValueError as exc:
        raise BackupKeyError("HUNTAZE_BACKUP_KEY is not valid base64.") from exc
    if len(raw) != 32:
        raise BackupKeyError("HUNTAZE_BACKUP_KEY must be 32 bytes (urlsafe base64).")
    return AESGCM(raw)


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def _aad(index: int, last: bool) -> bytes:
    return struct.pack(">I?", index, last)


def is_encrypted(source: BinaryIO) -> bool:
    head = source.read(len(MAGIC))
    source.seek(0)
    return head == MAGIC


def encrypt_stream(source: BinaryIO, target: BinaryIO, *, key: str) -> None:
    aead, prefix = _aead(key), os.urandom(8)
    target.write(MAGIC + prefix)
    chunk, index = source.read(CHUNK), 0
    while True:
        following = source.read(CHUNK)
        last = not following
        sealed = aead.encrypt(_nonce(prefix, index), chunk, _aad(index, last))
        target.write(_LENGTH.pack(len(sealed)) + sealed)
        if last:
            return
        chunk, index = following, index + 1


def decrypt_stream(source: BinaryIO, target: BinaryIO, *, key: str) -> None:
    aead = _aead(key)
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupKeyError("This file is not an encrypted Huntaze backup.")
    prefix = source.read(8)
    for index, (sealed, last) in enumerate(_chunks(source)):
        try:
            target.write(aead.decrypt(_nonce(prefix, index), sealed, _aad(index, last)))
        except InvalidTag as exc:
            raise BackupKeyError() from exc


def _chunks(source: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    """Each sealed chunk and whether it is the file's last (a cut file has no true last)."""
    pending = _read_chunk(source)
    if pending is None:
        raise BackupKeyError("The backup file is empty or cut short.")
    while pending is not None:
        following = _read_chunk(source)
        yield pending, following is None
        pending = following


def _read_chunk(source: BinaryIO) -> bytes | None:
    header = source.read(_LENGTH.size)
    if not header:
        return None
    if len(header) != _LENGTH.size:
        raise BackupKeyError("The backup file is cut short.")
    (length,) = _LENGTH.unpack(header)
    sealed = source.read(length)
    if len(sealed) != length:
        raise BackupKeyError("The backup file is cut short.")
    return sealed
