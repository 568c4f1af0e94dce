"""HPKE (RFC 9180) for bundles: wrapping the bundle's data key for the registry, and unwrapping it there.

A bundle's data is encrypted under a fresh random 32-byte *data key*; the
data key is sealed to the registry with HPKE single-shot encryption in base
mode (as COSE-HPKE's key-encryption mode does), with ``info`` binding it to
the bundle id, the device id and the registry key id. Only the registry's
private key opens it. The suites and their key encodings are those of
:mod:`intake_app.protocol.suites`, the one place that knows them.

All HPKE work is done by ``cryptography``; nothing is implemented here.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke

from intake_app.bundles import errors
from intake_app.bundles.model import RegistryRecipient
from intake_app.protocol.suites import (DEFAULT_SUITE, SUITES, HpkePrivateKey, HpkePublicKey, new_private_key,
                                        private_key, public_bytes, public_key)

DATA_KEY_BYTES = 32
#: enc, then the AES-256-GCM encryption of the data key (32 bytes + 16-byte tag).
WRAPPED_EXTRA = DATA_KEY_BYTES + 16
KEY_INFO_DOMAIN = b"FIELD-INTAKE/BUNDLE-KEY/1\x00"
_KEY_ID = re.compile(r"[0-9a-f]{32,64}")


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
