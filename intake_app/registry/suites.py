"""The registry's HPKE key (RFC 9180): suites, key generation, encodings, and the recipient devices seal to.

Two suites are offered, both with HKDF-SHA256 and AES-256-GCM:

* ``MLKEM768-X25519/HKDF-SHA256/AES-256-GCM`` (default): the post-quantum
  hybrid KEM MLKEM768-X25519 (X-Wing, KEM id 0x647A, draft-ietf-hpke-pq). A
  bundle recorded off the network today stays secret unless *both* ML-KEM-768
  and X25519 are broken, so it cannot be decrypted later by a quantum computer.
* ``X25519/HKDF-SHA256/AES-256-GCM``: classic DHKEM(X25519) (KEM id 0x0020),
  for peers without ML-KEM.

Keys use the encodings of those specifications, so another implementation can
use them: an X-Wing private key is a 32-byte seed, expanded with SHAKE256 into
the ML-KEM-768 seed (64 bytes) and the X25519 private key (32 bytes); its
public key is the ML-KEM-768 encapsulation key (1184 bytes) followed by the
X25519 public key (32 bytes). An X25519 key is its raw 32 bytes.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from typing import TypeAlias

from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519

from intake_app.errors import UserError
from intake_app.i18n import _

MLKEM768_X25519 = "MLKEM768-X25519/HKDF-SHA256/AES-256-GCM"
X25519 = "X25519/HKDF-SHA256/AES-256-GCM"
DEFAULT_SUITE = MLKEM768_X25519
#: Short names for the command line (``--suite``).
SUITE_NAMES = {"mlkem768-x25519": MLKEM768_X25519, "x25519": X25519}
#: (KEM, KDF, AEAD) identifiers in the IANA HPKE registry, for documentation and interoperability.
IANA_IDS = {MLKEM768_X25519: (0x647A, 0x0001, 0x0002), X25519: (0x0020, 0x0001, 0x0002)}
PRIVATE_KEY_BYTES = 32
PUBLIC_KEY_BYTES = {MLKEM768_X25519: 1184 + 32, X25519: 32}
_KEY_ID_PREFIX = b"FIELD-INTAKE/REGISTRY-HPKE-KEY/1\x00"

HpkePrivateKey: TypeAlias = hpke.MLKEM768X25519PrivateKey | x25519.X25519PrivateKey
HpkePublicKey: TypeAlias = hpke.MLKEM768X25519PublicKey | x25519.X25519PublicKey


def check_suite(suite_id: str) -> str:
    if suite_id not in PUBLIC_KEY_BYTES:
        raise UserError(_("Unknown encryption suite “{suite}”.").format(suite=suite_id))
    return suite_id


def hpke_suite(suite_id: str) -> hpke.Suite:
    kem = hpke.KEM.MLKEM768_X25519 if check_suite(suite_id) == MLKEM768_X25519 else hpke.KEM.X25519
    return hpke.Suite(kem, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def new_private_key() -> bytes:
    """A fresh private key (32 random bytes: an X-Wing seed or an X25519 key, both suites alike)."""
    return os.urandom(PRIVATE_KEY_BYTES)


def private_key(suite_id: str, secret: bytes) -> HpkePrivateKey:
    """The key object that ``hpke.Suite.decrypt`` takes, from its 32-byte encoding."""
    if len(secret) != PRIVATE_KEY_BYTES:
        raise ValueError("an HPKE private key has 32 bytes")
    if check_suite(suite_id) == X25519:
        return x25519.X25519PrivateKey.from_private_bytes(secret)
    pq, classic = _expand(secret)
    return hpke.MLKEM768X25519PrivateKey(pq, classic)


def public_bytes(suite_id: str, secret: bytes) -> bytes:
    """The encoded public key that belongs to the private key ``secret``."""
    if check_suite(suite_id) == X25519:
        return x25519.X25519PrivateKey.from_private_bytes(secret).public_key().public_bytes_raw()
    pq, classic = _expand(secret)
    return pq.public_key().public_bytes_raw() + classic.public_key().public_bytes_raw()


def public_key(suite_id: str, encoded: bytes) -> HpkePublicKey:
    """The key object that ``hpke.Suite.encrypt`` takes; ``ValueError`` if ``encoded`` is not one."""
    if len(encoded) != PUBLIC_KEY_BYTES[check_suite(suite_id)]:
        raise ValueError("wrong length for a public key of this suite")
    if suite_id == X25519:
        return x25519.X25519PublicKey.from_public_bytes(encoded)
    return hpke.MLKEM768X25519PublicKey(mlkem.MLKEM768PublicKey.from_public_bytes(encoded[:1184]),
                                        x25519.X25519PublicKey.from_public_bytes(encoded[1184:]))


def key_id(suite_id: str, encoded: bytes) -> str:
    """32 hex digits naming this public key (and its suite): sealed data says which key opens it."""
    return hashlib.sha256(_KEY_ID_PREFIX + suite_id.encode("ascii") + b"\x00" + encoded).hexdigest()[:32]


@dataclass(frozen=True)
class Recipient:
    """What a device needs to seal data for the registry: the suite, the public key and its id."""

    suite_id: str
    public_key: bytes = b""
    key_id: str = ""

    @classmethod
    def of(cls, suite_id: str, encoded: bytes) -> Recipient:
        return cls(suite_id, encoded, key_id(suite_id, encoded))

    @property
    def public_key_b64(self) -> str:
        return base64.b64encode(self.public_key).decode("ascii")

    def suite(self) -> hpke.Suite:
        return hpke_suite(self.suite_id)

    def key(self) -> HpkePublicKey:
        return public_key(self.suite_id, self.public_key)

    def encrypt(self, plaintext: bytes, info: bytes) -> bytes:
        """HPKE single-shot encryption (base mode) to this recipient; ``info`` binds the context."""
        return self.suite().encrypt(plaintext, self.key(), info=info)


def _expand(seed: bytes) -> tuple[mlkem.MLKEM768PrivateKey, x25519.X25519PrivateKey]:
    """X-Wing key expansion: SHAKE256(seed, 96) = ML-KEM-768 seed (64) || X25519 private key (32)."""
    full = hashlib.shake_256(seed).digest(96)
    return mlkem.MLKEM768PrivateKey.from_seed_bytes(full[:64]), x25519.X25519PrivateKey.from_private_bytes(full[64:])
