"""Registry schema 2: what devices send: bundles, record versions and attachments.

* ``received_bundles``: one row per bundle taken, with the SHA-256 of its
  signed manifest and the signed acknowledgement sent back (RFC 8785 JSON,
  returned unchanged if the same bundle arrives again).
* ``received_versions``: one row per (record id, version), with the verified
  version document (canonical JSON, whose SHA-256 is ``content_hash``), the
  device's signature over its receipt claim, and the bundle it came in.
* ``received_version_attachments``: which attachments each version lists.
* ``received_attachments`` / ``received_attachment_chunks``: attachments by
  the SHA-256 of their content, in chunks of at most 1 MiB, as on the device
  (``intake_app/records/attachment_store.py``): a scan shared by several versions
  or bundles is kept once.

All of it lives only in the encrypted database. Everything here is
append-only: triggers refuse updates and deletes, so a received application
cannot be altered or removed through SQL without breaking a trigger.
"""

from __future__ import annotations

from intake_app.database.connection import Connection

TABLES = ("received_bundles", "received_versions", "received_version_attachments", "received_attachments",
          "received_attachment_chunks")

SCHEMA = """
CREATE TABLE received_bundles (
    bundle_id       TEXT PRIMARY KEY,
    device_id       TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    size            INTEGER NOT NULL,
    versions        INTEGER NOT NULL,
    ack             TEXT NOT NULL
);
CREATE INDEX received_bundles_device ON received_bundles (device_id, received_at);

CREATE TABLE received_versions (
    record_id        TEXT NOT NULL,
    version          INTEGER NOT NULL CHECK (version >= 1),
    kind             TEXT NOT NULL,
    form_id          TEXT NOT NULL,
    form_version     INTEGER NOT NULL,
    content_hash     TEXT NOT NULL,
    receipt_no       TEXT,
    submitted_at     TEXT NOT NULL,
    device_id        TEXT NOT NULL,
    device_signature BLOB NOT NULL CHECK (length(device_signature) = 64),
    document         TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    bundle_id        TEXT NOT NULL,
    PRIMARY KEY (record_id, version)
);
CREATE INDEX received_versions_received ON received_versions (received_at, record_id, version);

CREATE TABLE received_version_attachments (
    record_id     TEXT NOT NULL,
    version       INTEGER NOT NULL,
    attachment_id TEXT NOT NULL,
    PRIMARY KEY (record_id, version, attachment_id)
);

CREATE TABLE received_attachments (
    id          TEXT PRIMARY KEY,
    mime        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    bundle_id   TEXT NOT NULL
);

CREATE TABLE received_attachment_chunks (
    attachment_id TEXT NOT NULL,
    idx           INTEGER NOT NULL,
    data          BLOB NOT NULL,
    PRIMARY KEY (attachment_id, idx)
);
"""


def upgrade(conn: Connection) -> None:
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    for table in TABLES:
        conn.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}"
                     " BEGIN SELECT RAISE(ABORT, 'received data cannot be changed'); END")
        conn.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}"
                     " BEGIN SELECT RAISE(ABORT, 'received data cannot be deleted'); END")
