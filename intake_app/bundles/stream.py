"""Chunked authenticated encryption of one bundle section: the STREAM construction with AES-256-GCM.

This follows STREAM (Hoang, Reyhanitabar, Rogaway, Vizár, "Online
Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO
2015) with the nonce layout of Tink's AES-GCM-HKDF streaming AEAD:

* each section has its own AES-256-GCM key, derived with HKDF-SHA256
  (RFC 5869) from the bundle's data key, salted with the bundle id, with the
  section's number in ``info``;
* chunk ``i`` of ``n`` is sealed under the 12-byte nonce
  ``0x00 * 7 || uint32_be(i) || (0x01 if i == n - 1 else 0x00)``;
* the associated data names the bundle, the section number and the section's
  id (content hash or attachment id).

So a chunk moved to another place, another section or another bundle, a
chunk dropped at the end (the new last chunk lacks the final flag), and any
altered byte all fail GCM's tag check. Nothing cryptographic is written here:
``cryptography`` does HKDF and AES-GCM.
"""

from __future__ import annotations

import struct
import uuid
from collections.abc import Iterable, Iterator

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

TAG_BYTES = 16
MAX_CHUNKS = 2 ** 32
SECTION_KEY_DOMAIN = b"FIELD-INTAKE/BUNDLE-SECTION-KEY/1\x00"
CHUNK_AAD_DOMAIN = b"FIELD-INTAKE/BUNDLE-CHUNK/1\x00"
_NONCE_PREFIX = bytes(7)


class SizeMismatch(Exception):
    """The bytes of a source are not as many as declared."""


def chunk_count(size: int, chunk_size: int) -> int:
    """Chunks in a section of ``size`` plaintext bytes: at least one (an empty section has one empty chunk)."""
    return max(1, -(-size // chunk_size))


def encrypted_size(size: int, chunk_size: int) -> int:
    return size + TAG_BYTES * chunk_count(size, chunk_size)


def chunk_plain_size(index: int, size: int, chunk_size: int) -> int:
    return min(chunk_size, size - index * chunk_size)


def fixed_chunks(pieces: Iterable[bytes], size: int, chunk_size: int) -> Iterator[bytes]:
    """The bytes of ``pieces`` cut into the section's chunks; ``SizeMismatch`` unless there are ``size`` of them.

    Holds at most one chunk plus the piece being cut, whatever the total size.
    """
    count = chunk_count(size, chunk_size)
    index, seen = 0, 0
    pending = bytearray()
    for piece in pieces:
        seen += len(piece)
        if seen > size:
            raise SizeMismatch
        view, pos = memoryview(piece), 0
        while index < count:
            need = chunk_plain_size(index, size, chunk_size)
            if pending:
                take = min(need - len(pending), len(view) - pos)
                pending += view[pos:pos + take]
                pos += take
                if len(pending) < need:
                    break
                yield bytes(pending)
                pending.clear()
            elif len(view) - pos >= need:
                yield bytes(view[pos:pos + need])
                pos += need
            else:
                pending += view[pos:]
                break
            index += 1
    if index == count - 1 and len(pending) == chunk_plain_size(index, size, chunk_size):
        yield bytes(pending)  # an empty section, or a source whose last piece ended exactly here
        index += 1
    if index != count:
        raise SizeMismatch


class SectionCipher:
    """Seals or opens the chunks of section ``index`` of bundle ``bundle_id``."""

    def __init__(self, data_key: bytes, bundle_id: str, index: int, section_id: str) -> None:
        bundle = uuid.UUID(bundle_id).bytes
        key = HKDF(algorithm=SHA256(), length=32, salt=bundle,
                   info=SECTION_KEY_DOMAIN + struct.pack(">I", index)).derive(data_key)
        self._aead = AESGCM(key)
        ident = section_id.encode("ascii")
        self._aad = CHUNK_AAD_DOMAIN + bundle + struct.pack(">IB", index, len(ident)) + ident

    @staticmethod
    def nonce(counter: int, last: bool) -> bytes:
        return _NONCE_PREFIX + struct.pack(">IB", counter, 1 if last else 0)

    def seal(self, counter: int, plaintext: bytes, last: bool) -> bytes:
        return self._aead.encrypt(self.nonce(counter, last), plaintext, self._aad)

    def open(self, counter: int, ciphertext: bytes, last: bool) -> bytes:
        """The plaintext; ``cryptography.exceptions.InvalidTag`` if the chunk is not this one, unaltered."""
        return self._aead.decrypt(self.nonce(counter, last), ciphertext, self._aad)


def seal_section(cipher: SectionCipher, pieces: Iterable[bytes], size: int, chunk_size: int) -> Iterator[bytes]:
    """The encrypted chunks of a section whose plaintext is ``pieces`` (``SizeMismatch`` if not ``size`` bytes)."""
    last = chunk_count(size, chunk_size) - 1
    for counter, chunk in enumerate(fixed_chunks(pieces, size, chunk_size)):
        yield cipher.seal(counter, chunk, counter == last)
