"""Schema 4: the device's Ed25519 signing key, and a signature on every version frozen from now on.

* ``device_signing_key``: one row, the key pair (raw bytes); triggers refuse
  any change or deletion, so a signing key cannot be swapped silently.
* ``record_versions.device_signature``: the Ed25519 signature over the
  receipt claim of the version (see ``intake_app.protocol.receipt_token``), written
  by the same UPDATE that freezes the version. A trigger refuses to freeze a
  version without one.

A store that already has a device (made before schema 4) gets its key pair
here, with an audit entry. A store being created gets it from
``create_store``, which runs the migrations before the device exists.
Versions submitted before this migration stay unsigned: they are immutable,
and a signature made now would claim more than the device attested then.
"""

from __future__ import annotations

from intake_app.database.connection import Connection

SCHEMA = """
CREATE TABLE device_signing_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    algorithm   TEXT NOT NULL CHECK (algorithm = 'ed25519'),
    private_key BLOB NOT NULL CHECK (length(private_key) = 32),
    public_key  BLOB NOT NULL CHECK (length(public_key) = 32),
    created_at  TEXT NOT NULL
);
CREATE TRIGGER device_signing_key_immutable BEFORE UPDATE ON device_signing_key
BEGIN SELECT RAISE(ABORT, 'the device signing key cannot be changed'); END;
CREATE TRIGGER device_signing_key_no_delete BEFORE DELETE ON device_signing_key
BEGIN SELECT RAISE(ABORT, 'the device signing key cannot be deleted'); END;

ALTER TABLE record_versions ADD COLUMN device_signature BLOB;
CREATE TRIGGER record_versions_signed BEFORE UPDATE ON record_versions
WHEN NEW.state = 'submitted' AND (NEW.device_signature IS NULL OR length(NEW.device_signature) != 64)
BEGIN SELECT RAISE(ABORT, 'a submitted record version must carry the device signature'); END;
"""


def upgrade(conn: Connection) -> None:
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    row = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
    if row is not None:
        # Imported here: the key and audit code are current code, this runs once.
        from intake_app.clock import utc_now
        from intake_app.store import device_key

        device_key.create(conn, row[0], actor="system", at=utc_now())
