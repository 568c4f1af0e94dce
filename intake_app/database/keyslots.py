"""Per-user key slots: the database key wrapped under each user's passphrase.

The database is encrypted with one random 256-bit key. Each account stores
that key encrypted (AES-256-GCM) under a key derived from its passphrase with
Argon2id, with the KDF parameters kept beside it. So adding or removing a user
or changing a passphrase rewrites one small slot and never re-encrypts the
database. The slot's associated data binds it to the store and the user name,
so a slot copied to another name or store does not open.

`cryptography` is imported where a slot is sealed or opened, not with the
module: the unlock window reads slots (user names) before anyone types.

The test suite runs with near-free parameters (:func:`use_test_parameters`):
only code running under pytest can switch them on, and a normal run never
makes them and refuses a slot that has them.
"""

from __future__ import annotations

import base64
import os
import sys
from dataclasses import asdict, dataclass, field
from typing import Any


SLOT_FORMAT = "intake-keyslot/1"
DB_KEY_BYTES = 32

#: Argon2id parameters for new slots. 64 MiB is the floor set for this
#: project (OWASP's second recommended configuration is 46 MiB, t=1); t=3
#: keeps an unlock near a quarter second on an old laptop.
DEFAULT_MEMORY_KIB = 64 * 1024
DEFAULT_ITERATIONS = 3
DEFAULT_LANES = 4
MIN_MEMORY_KIB = 64 * 1024

#: The test suite's parameters (Argon2's own minimum: 8 KiB per lane, one pass), made and accepted
#: only after :func:`use_test_parameters`.
TEST_MEMORY_KIB = 8
TEST_ITERATIONS = 1
TEST_LANES = 1

_test_parameters = False


def use_test_parameters(enabled: bool = True) -> None:
    """Make new slots with the ``TEST_*`` parameters and accept slots that have them (or stop), in this process.

    For the test suite only: it refuses unless pytest is running (imported in this process, or
    ``PYTEST_CURRENT_TEST`` inherited by a program a test started). No setting or environment
    variable switches it on; only a call does, and the application never makes that call.
    """
    global _test_parameters
    if enabled and "pytest" not in sys.modules and "PYTEST_CURRENT_TEST" not in os.environ:
        raise RuntimeError("the cheap key slot parameters are for the test suite only")
    _test_parameters = enabled


def _new_slot_cost() -> tuple[int, int, int]:
    """(memory KiB, iterations, lanes) for a new slot."""
    if _test_parameters:
        return TEST_MEMORY_KIB, TEST_ITERATIONS, TEST_LANES
    return DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_LANES


class WrongPassphrase(Exception):
    """The passphrase does not open this slot (or the slot was altered)."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters; ``KdfParams()`` is the cost for a new slot (``DEFAULT_*``, in the tests ``TEST_*``)."""

    memory_kib: int = field(default_factory=lambda: _new_slot_cost()[0])
    iterations: int = field(default_factory=lambda: _new_slot_cost()[1])
    lanes: int = field(default_factory=lambda: _new_slot_cost()[2])
    salt: str = ""  # base64

    def derive(self, passphrase: str) -> bytes:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

        kdf = Argon2id(
            salt=_b64d(self.salt),
            length=32,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        )
        return kdf.derive(passphrase.encode("utf-8"))

    def fresh(self) -> KdfParams:
        """The same cost with a new random salt (for each new wrapping)."""
        return KdfParams(memory_kib=self.memory_kib, iterations=self.iterations, lanes=self.lanes,
                         salt=_b64e(os.urandom(16)))

    def to_json(self) -> dict[str, Any]:
        return {"alg": "argon2id", **asdict(self)}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> KdfParams:
        """Parameters read back from a file; refuses an unknown KDF and a cost below the minimum.

        Exactly the ``TEST_*`` cost is accepted too, but only while :func:`use_test_parameters` is on.
        """
        if raw.get("alg") != "argon2id":
            raise ValueError("unsupported KDF")
        kdf = cls(memory_kib=int(raw["memory_kib"]), iterations=int(raw["iterations"]),
                  lanes=int(raw["lanes"]), salt=str(raw["salt"]))
        cost = (kdf.memory_kib, kdf.iterations, kdf.lanes)
        if _test_parameters and cost == (TEST_MEMORY_KIB, TEST_ITERATIONS, TEST_LANES):
            return kdf
        if kdf.memory_kib < MIN_MEMORY_KIB or kdf.iterations < 1 or not 1 <= kdf.lanes <= 64:
            raise ValueError("key slot KDF parameters are below the minimum")
        return kdf


@dataclass(frozen=True)
class KeySlot:
    username: str
    kdf: KdfParams
    nonce: str  # base64
    wrapped_key: str  # base64, AES-GCM ciphertext + tag

    def to_json(self) -> dict[str, Any]:
        return {"format": SLOT_FORMAT, "username": self.username, "kdf": self.kdf.to_json(),
                "nonce": self.nonce, "wrapped_key": self.wrapped_key}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> KeySlot:
        if raw.get("format") != SLOT_FORMAT:
            raise ValueError("unsupported key slot format")
        kdf = KdfParams.from_json(raw["kdf"])
        return cls(username=str(raw["username"]), kdf=kdf, nonce=str(raw["nonce"]),
                   wrapped_key=str(raw["wrapped_key"]))


def new_database_key() -> bytes:
    return os.urandom(DB_KEY_BYTES)


def _aad(store_id: str, username: str) -> bytes:
    return b"\0".join((SLOT_FORMAT.encode(), store_id.encode(), username.encode("utf-8")))


def seal(db_key: bytes, *, store_id: str, username: str, passphrase: str,
         kdf: KdfParams | None = None) -> KeySlot:
    """Wrap ``db_key`` for ``username`` under a fresh salt and nonce."""
    params = (kdf or KdfParams()).fresh()
    nonce, wrapped = wrap_key(params.derive(passphrase), db_key, _aad(store_id, username))
    return KeySlot(username=username, kdf=params, nonce=nonce, wrapped_key=wrapped)


def open_slot(slot: KeySlot, *, store_id: str, passphrase: str) -> bytes:
    """Return the database key, or raise :class:`WrongPassphrase`."""
    return unwrap_key(slot.kdf.derive(passphrase), slot.nonce, slot.wrapped_key, _aad(store_id, slot.username))


def wrap_key(kek: bytes, key: bytes, aad: bytes) -> tuple[str, str]:
    """AES-256-GCM of a 32-byte ``key`` under ``kek`` (a key from :meth:`KdfParams.derive`).

    Returns (nonce, ciphertext with tag), both base64. Several keys may be
    wrapped under one derived key, each with its own nonce and associated data.
    """
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(key) != DB_KEY_BYTES:
        raise ValueError("only 32-byte keys are wrapped")
    nonce = os.urandom(12)
    return _b64e(nonce), _b64e(AESGCM(kek).encrypt(nonce, key, aad))


def unwrap_key(kek: bytes, nonce: str, wrapped: str, aad: bytes) -> bytes:
    """The 32-byte key wrapped by :func:`wrap_key`, or :class:`WrongPassphrase`."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        key = AESGCM(kek).decrypt(_b64d(nonce), _b64d(wrapped), aad)
    except InvalidTag:
        raise WrongPassphrase() from None
    if len(key) != DB_KEY_BYTES:
        raise WrongPassphrase()
    return key


def _b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
