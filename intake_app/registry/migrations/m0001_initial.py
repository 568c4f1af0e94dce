"""Registry schema 1: metadata, enrolled devices, and the hash-chained audit log.

* ``meta``: registry id, name, URL, HPKE suite, creation time, and the audit
  chain's head (kept there by ``intake_app.audit.chain``).
* ``devices``: one row per device that asked to enrol. A device's public key
  never changes; its status only moves forward (pending -> approved ->
  revoked, or pending -> revoked); a revoked device stays revoked (no update,
  no delete); only a pending request may be deleted (that is how it is
  rejected).
* ``audit_log``: the same table as the device store's, so the same chain code
  (``intake_app.audit``) writes and verifies it. Append-only.
"""

from __future__ import annotations

from intake_app.database.connection import Connection

SCHEMA = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE devices (
    device_id     TEXT PRIMARY KEY,
    device_code   TEXT NOT NULL DEFAULT '',
    device_name   TEXT NOT NULL,
    location_code TEXT NOT NULL,
    public_key    BLOB NOT NULL CHECK (length(public_key) = 32),
    fingerprint   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'revoked')),
    requested_at  TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    received_by   TEXT NOT NULL,
    approved_at   TEXT,
    approved_by   TEXT,
    revoked_at    TEXT,
    revoked_by    TEXT,
    revoke_reason TEXT
);
CREATE INDEX devices_status ON devices (status, received_at);

CREATE TRIGGER devices_key_immutable BEFORE UPDATE OF device_id, public_key, fingerprint ON devices
BEGIN SELECT RAISE(ABORT, 'a device''s key cannot be changed'); END;
CREATE TRIGGER devices_revoked_final BEFORE UPDATE ON devices
WHEN OLD.status = 'revoked'
BEGIN SELECT RAISE(ABORT, 'a revoked device stays revoked'); END;
CREATE TRIGGER devices_status_forward BEFORE UPDATE OF status ON devices
WHEN NOT ((OLD.status = 'pending' AND NEW.status IN ('approved', 'revoked'))
          OR (OLD.status = 'approved' AND NEW.status = 'revoked'))
BEGIN SELECT RAISE(ABORT, 'a device''s status only moves pending -> approved -> revoked'); END;
CREATE TRIGGER devices_no_delete BEFORE DELETE ON devices
WHEN OLD.status != 'pending'
BEGIN SELECT RAISE(ABORT, 'only a pending enrolment request can be deleted'); END;

CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT,
    details    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


def upgrade(conn: Connection) -> None:
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
