"""HPKE (RFC 9180) for bundles: the two suites, and wrapping the bundle's data key for the registry.

A bundle's data is encrypted under a fresh random 32-byte *data key*; the
data key is sealed to the registry with HPKE single-shot encryption in base
mode (as COSE-HPKE's key-encryption mode does), with ``info`` binding it to
the bundle id, the device id and the registry key id. Only the registry's
private key opens it. The suite ids and key encodings are those of
``intake_app.registry.suites``:

* ``MLKEM768-X25519/HKDF-SHA256/AES-256-GCM`` (default; KEM 0x647A, X-Wing):
  post-quantum hybrid, so traffic recorded today stays secret unless both
  ML-KEM-768 and X25519 fall. Public key: ML-KEM-768 encapsulation key
  (1184 bytes) followed by the X25519 key (32 bytes). ``enc``: 1120 bytes.
* ``X25519/HKDF-SHA256/AES-256-GCM`` (KEM 0x0020): classic. Public key and
  ``enc``: 32 bytes.

Private keys are kept as 32 bytes in both suites, in the encodings of those
specifications, so another implementation can use them: an X-Wing private
key is a 32-byte seed, expanded with SHAKE256 into the ML-KEM-768 seed (64
bytes) and the X25519 private key (32 bytes); an X25519 key is its raw 32
bytes. This module is the one place that knows the suites and their key
encodings; the registry's key file (``intake_app.registry``) stores such keys.

All HPKE work is done by ``cryptography``; nothing is implemented here.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from dataclasses import dataclass, field
from typing import TypeAlias

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519

from intake_app.bundles import errors
from intake_app.bundles.model import RegistryRecipient

MLKEM768_X25519 = "MLKEM768-X25519/HKDF-SHA256/AES-256-GCM"
X25519 = "X25519/HKDF-SHA256/AES-256-GCM"
DEFAULT_SUITE = MLKEM768_X25519
#: suite id -> (KEM, IANA KEM id, public key bytes, enc bytes); KDF is HKDF-SHA256 (0x0001), AEAD AES-256-GCM (0x0002).
SUITES: dict[str, tuple[hpke.KEM, int, int, int]] = {
    MLKEM768_X25519: (hpke.KEM.MLKEM768_X25519, 0x647A, 1184 + 32, 1120),
    X25519: (hpke.KEM.X25519, 0x0020, 32, 32),
}
PRIVATE_KEY_BYTES = 32
DATA_KEY_BYTES = 32
#: enc, then the AES-256-GCM encryption of the data key (32 bytes + 16-byte tag).
WRAPPED_EXTRA = DATA_KEY_BYTES + 16
KEY_INFO_DOMAIN = b"FIELD-INTAKE/BUNDLE-KEY/1\x00"
_KEY_ID = re.compile(r"[0-9a-f]{32,64}")

HpkePrivateKey: TypeAlias = hpke.MLKEM768X25519PrivateKey | x25519.X25519PrivateKey
HpkePublicKey: TypeAlias = hpke.MLKEM768X25519PublicKey | x25519.X25519PublicKey


def is_key_id(text: str) -> bool:
    return bool(_KEY_ID.fullmatch(text))


def sealed_key_bytes(suite_id: str) -> int:
    """Length of the wrapped data key in a bundle of this suite (``enc`` + 48)."""
    return SUITES[suite_id][3] + WRAPPED_EXTRA


def _suite(suite_id: str) -> hpke.Suite:
    return hpke.Suite(SUITES[suite_id][0], hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def key_info(bundle_id: str, device_id: str, key_id: str) -> bytes:
    """The HPKE ``info``: the data key opens only for this bundle, from this device, under this key id."""
    return KEY_INFO_DOMAIN + uuid.UUID(bundle_id).bytes + uuid.UUID(device_id).bytes + key_id.encode("ascii")


def new_private_key() -> bytes:
    """A fresh private key (32 random bytes: an X-Wing seed or an X25519 key, both suites alike)."""
    return os.urandom(PRIVATE_KEY_BYTES)


def private_key(suite_id: str, secret: bytes) -> HpkePrivateKey:
    """The key object HPKE decrypts with, from its 32-byte encoding."""
    if len(secret) != PRIVATE_KEY_BYTES:
        raise ValueError("an HPKE private key has 32 bytes")
    if suite_id == X25519:
        return x25519.X25519PrivateKey.from_private_bytes(secret)
    if suite_id != MLKEM768_X25519:
        raise errors.unknown_suite(suite_id)
    pq, classic = _expand(secret)
    return hpke.MLKEM768X25519PrivateKey(pq, classic)


def public_bytes(suite_id: str, secret: bytes) -> bytes:
    """The encoded public key that belongs to the private key ``secret``."""
    if suite_id == X25519:
        return x25519.X25519PrivateKey.from_private_bytes(secret).public_key().public_bytes_raw()
    if suite_id != MLKEM768_X25519:
        raise errors.unknown_suite(suite_id)
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


def check_recipient(recipient: RegistryRecipient) -> HpkePublicKey:
    """The recipient's key object, after checking its suite, key and key id (``ValueError`` if wrong)."""
    if recipient.suite_id not in SUITES:
        raise errors.unknown_suite(recipient.suite_id)
    if not is_key_id(recipient.key_id):
        raise ValueError("a registry key id has 32 to 64 lower-case hex digits")
    if not recipient.registry_id or len(recipient.registry_id) > 200 or not recipient.registry_id.isprintable():
        raise ValueError("a registry id has 1 to 200 printable characters")
    return public_key(recipient.suite_id, recipient.public_key)


def wrap_data_key(recipient: RegistryRecipient, data_key: bytes, info: bytes) -> bytes:
    """HPKE-seal ``data_key`` to the registry: ``enc || ciphertext``."""
    sealed = _suite(recipient.suite_id).encrypt(data_key, check_recipient(recipient), info=info)
    assert len(sealed) == sealed_key_bytes(recipient.suite_id)
    return sealed


@dataclass(frozen=True)
class RegistryKey:
    """A registry's HPKE private key, as the reader needs it: its suite, its key id and the key object.

    The registry builds it from its key file (``Registry.bundle_key``);
    tests draw one with :meth:`generate`. ``public_key`` (the encoded public
    key) is needed only to make a :class:`RegistryRecipient` with :meth:`recipient`.
    """

    suite_id: str
    key_id: str
    private_key: HpkePrivateKey = field(repr=False)
    public_key: bytes = field(default=b"", repr=False)

    @classmethod
    def generate(cls, suite_id: str = DEFAULT_SUITE, key_id: str | None = None) -> RegistryKey:
        """A fresh key pair (for tests and tools); ``key_id`` defaults to SHA-256 of the public key, 32 digits."""
        secret = new_private_key()
        encoded = public_bytes(suite_id, secret)
        return cls(suite_id, key_id or hashlib.sha256(encoded).hexdigest()[:32], private_key(suite_id, secret),
                   encoded)

    def recipient(self, registry_id: str) -> RegistryRecipient:
        if not self.public_key:
            raise ValueError("this registry key was made without its public key")
        return RegistryRecipient(registry_id, self.suite_id, self.public_key, self.key_id)

    def unwrap_data_key(self, sealed: bytes, info: bytes) -> bytes:
        """The data key, or ``BundleError`` ``key`` if HPKE refuses (wrong key, altered ``enc`` or ``info``)."""
        try:
            data_key = _suite(self.suite_id).decrypt(sealed, self.private_key, info=info)
        except (InvalidTag, ValueError, TypeError):
            raise errors.bad_key() from None
        if len(data_key) != DATA_KEY_BYTES:
            raise errors.bad_key()
        return data_key
