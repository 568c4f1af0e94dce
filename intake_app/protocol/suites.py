"""The registry's HPKE key: the suites a registry may choose, their key encodings, the key's id, the recipient.

This module is the one place that knows the suites and their key encodings
(HPKE itself, wrapping a bundle's data key, is in :mod:`intake_app.bundles.hpke`):

* ``MLKEM768-X25519/HKDF-SHA256/AES-256-GCM`` (default; KEM 0x647A, X-Wing,
  draft-ietf-hpke-pq): the post-quantum hybrid, so a bundle recorded off the
  network today stays secret unless *both* ML-KEM-768 and X25519 are broken.
  Public key: the ML-KEM-768 encapsulation key (1184 bytes) followed by the
  X25519 key (32 bytes). ``enc``: 1120 bytes.
* ``X25519/HKDF-SHA256/AES-256-GCM`` (KEM 0x0020): classic DHKEM(X25519), for
  peers without ML-KEM. Public key and ``enc``: 32 bytes.

Private keys are kept as 32 bytes in both suites, in the encodings of those
specifications, so another implementation can use them: an X-Wing private
key is a 32-byte seed, expanded with SHAKE256 into the ML-KEM-768 seed (64
bytes) and the X25519 private key (32 bytes); an X25519 key is its raw 32
bytes. The registry's key file stores such keys; its enrolment file carries
the public key. All the cryptography is done by ``cryptography``.
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
#: suite id -> (KEM, IANA KEM id, public key bytes, enc bytes); KDF is HKDF-SHA256 (0x0001), AEAD AES-256-GCM (0x0002).
SUITES: dict[str, tuple[hpke.KEM, int, int, int]] = {
    MLKEM768_X25519: (hpke.KEM.MLKEM768_X25519, 0x647A, 1184 + 32, 1120),
    X25519: (hpke.KEM.X25519, 0x0020, 32, 32),
}
PRIVATE_KEY_BYTES = 32

HpkePrivateKey: TypeAlias = hpke.MLKEM768X25519PrivateKey | x25519.X25519PrivateKey
HpkePublicKey: TypeAlias = hpke.MLKEM768X25519PublicKey | x25519.X25519PublicKey

#: Short names for the command line (``--suite``).
SUITE_NAMES = {"mlkem768-x25519": MLKEM768_X25519, "x25519": X25519}
PUBLIC_KEY_BYTES = {suite_id: spec[2] for suite_id, spec in SUITES.items()}
_KEY_ID_PREFIX = b"FIELD-INTAKE/REGISTRY-HPKE-KEY/1\x00"


def check_suite(suite_id: str) -> str:
    if suite_id not in SUITES:
        raise UserError(_("Unknown encryption suite “{suite}”.").format(suite=suite_id))
    return suite_id


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


def new_private_key() -> bytes:
    """A fresh private key (32 random bytes: an X-Wing seed or an X25519 key, both suites alike)."""
    return os.urandom(PRIVATE_KEY_BYTES)


def private_key(suite_id: str, secret: bytes) -> HpkePrivateKey:
    """The key object HPKE decrypts with, from its 32-byte encoding (``ValueError`` if it is none)."""
    if len(secret) != PRIVATE_KEY_BYTES:
        raise ValueError("an HPKE private key has 32 bytes")
    if suite_id == X25519:
        return x25519.X25519PrivateKey.from_private_bytes(secret)
    if suite_id != MLKEM768_X25519:
        raise ValueError(f"unknown HPKE suite {suite_id!r}")
    pq, classic = _expand(secret)
    return hpke.MLKEM768X25519PrivateKey(pq, classic)


def public_bytes(suite_id: str, secret: bytes) -> bytes:
    """The encoded public key that belongs to the private key ``secret``."""
    if suite_id == X25519:
        return x25519.X25519PrivateKey.from_private_bytes(secret).public_key().public_bytes_raw()
    if suite_id != MLKEM768_X25519:
        raise ValueError(f"unknown HPKE suite {suite_id!r}")
    pq, classic = _expand(secret)
    return pq.public_key().public_bytes_raw() + classic.public_key().public_bytes_raw()


def _expand(seed: bytes) -> tuple[mlkem.MLKEM768PrivateKey, x25519.X25519PrivateKey]:
    """X-Wing key expansion: SHAKE256(seed, 96) = ML-KEM-768 seed (64) || X25519 private key (32)."""
    full = hashlib.shake_256(seed).digest(96)
    return mlkem.MLKEM768PrivateKey.from_seed_bytes(full[:64]), x25519.X25519PrivateKey.from_private_bytes(full[64:])


def public_key(suite_id: str, encoded: bytes) -> HpkePublicKey:
    """The key object HPKE encrypts to; ``ValueError`` if ``encoded`` is not a public key of the suite."""
    if suite_id not in SUITES or len(encoded) != SUITES[suite_id][2]:
        raise ValueError("not a public key of this suite")
    if suite_id == X25519:
        return x25519.X25519PublicKey.from_public_bytes(encoded)
    return hpke.MLKEM768X25519PublicKey(mlkem.MLKEM768PublicKey.from_public_bytes(encoded[:1184]),
                                        x25519.X25519PublicKey.from_public_bytes(encoded[1184:]))
