"""The device's Ed25519 signing key: made once, kept only inside the encrypted store.

The key pair is drawn when the store is created (or, for a store made before
schema 4, when migration 4 runs) and lives in the table
``device_signing_key`` of the SQLCipher database, which triggers keep from
being changed or deleted. The private key never leaves this module except as
a signature: :func:`sign` reads it, signs, and lets it go. The public key is
what verifiers get (``intake device export-key``).

`cryptography` is imported where a key is made or used, not with the module
(as in ``keyslots``): the unlock window must not wait for it.
"""

from __future__ import annotations

from datetime import datetime

from intake_app import audit
from intake_app.clock import iso
from intake_app.protocol.keys import ALGORITHM, fingerprint
from intake_app.database.connection import Connection


def create(conn: Connection, device_id: str, *, actor: str, at: datetime) -> bytes:
    """Draw the device's key pair and store it, with an audit entry; returns the public key.

    Call inside the transaction that creates the device (or migrates its store).
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                        serialization.NoEncryption())
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    conn.execute("INSERT INTO device_signing_key (id, algorithm, private_key, public_key, created_at)"
                 " VALUES (1, ?, ?, ?, ?)", (ALGORITHM, raw_private, public, iso(at)))
    audit.append(conn, actor, "device.key.create", device_id,
                 {"algorithm": ALGORITHM, "fingerprint": fingerprint(public)}, at=at)
    return public


def public_key(conn: Connection) -> bytes | None:
    """The raw 32-byte Ed25519 public key of this device (``None`` before it has one)."""
    row = conn.execute("SELECT public_key FROM device_signing_key WHERE id = 1").fetchone()
    return None if row is None else bytes(row[0])


def sign(conn: Connection, payload: bytes) -> bytes:
    """The device's Ed25519 signature (64 bytes) over ``payload``."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    row = conn.execute("SELECT algorithm, private_key FROM device_signing_key WHERE id = 1").fetchone()
    if row is None or row[0] != ALGORITHM:
        raise RuntimeError("this store has no device signing key")
    return Ed25519PrivateKey.from_private_bytes(bytes(row[1])).sign(payload)
