"""Backup file encryption: round trip, and every way a file can be wrong fails loudly."""

from __future__ import annotations

import io
import os

import pytest

from huntaze.backups import encryption
from huntaze.backups.encryption import BackupKeyError, backup_key_generate, decrypt_stream, encrypt_stream

KEY = backup_key_generate()


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(encryption, "CHUNK", 1000)


def sealed(data: bytes, key: str = KEY) -> bytes:
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(data), out, key=key)
    return out.getvalue()


def opened(blob: bytes, key: str = KEY) -> bytes:
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(blob), out, key=key)
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 5500])
def test_round_trip_of_any_size(size):
    data = os.urandom(size)
    blob = sealed(data)
    if size >= 16:  # shorter data can appear in random ciphertext by chance
        assert data not in blob
    assert opened(blob) == data


def test_a_wrong_key_is_refused():
    with pytest.raises(BackupKeyError):
        opened(sealed(b"x" * 3000), key=backup_key_generate())


def chunk_offsets(blob: bytes) -> list[int]:
    offsets, at = [], len(encryption.MAGIC) + 8
    while at < len(blob):
        offsets.append(at)
        at += 4 + int.from_bytes(blob[at : at + 4], "big")
    return offsets


def test_a_file_cut_at_a_chunk_boundary_is_refused():
    blob = sealed(os.urandom(3500))
    last = chunk_offsets(blob)[-1]
    with pytest.raises(BackupKeyError):
        opened(blob[:last])


def test_a_file_cut_inside_a_chunk_is_refused():
    blob = sealed(os.urandom(3500))
    with pytest.raises(BackupKeyError, match="cut short"):
        opened(blob[:-5])


def test_swapped_chunks_are_refused():
    blob = sealed(os.urandom(3500))
    a, b, c = chunk_offsets(blob)[:3]
    swapped = blob[:a] + blob[b:c] + blob[a:b] + blob[c:]
    with pytest.raises(BackupKeyError):
        opened(swapped)


def test_a_flipped_bit_is_refused():
    blob = bytearray(sealed(os.urandom(2500)))
    blob[len(blob) // 2] ^= 1
    with pytest.raises(BackupKeyError):
        opened(bytes(blob))


@pytest.mark.parametrize("key", ["not base64!", "c2hvcnQ="])
def test_malformed_keys_get_a_clear_error(key):
    with pytest.raises(BackupKeyError, match="HUNTAZE_BACKUP_KEY"):
        sealed(b"data", key=key)
