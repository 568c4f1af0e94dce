"""Schema 5: sync. The registries this device is enrolled with, the outbox, and sealed bundles until acknowledged.

* ``sync_registries``: one row per enrolled registry (the checked enrolment
  file, the destination it serves, the state of the device's enrolment
  request). Triggers refuse any change to a registry's id or keys: a new key
  means a new enrolment, decided by an administrator.
* ``sync_outbox``: one row per (submitted record version, registry of its
  destination): ``pending`` → ``sent`` (in bundle ``bundle_id``) →
  ``acknowledged`` (a verified, signed acknowledgement) or ``conflict``.
* ``sync_bundles`` / ``sync_bundle_chunks``: each sealed bundle (ciphertext
  only) is kept in the encrypted store until every version in it is
  acknowledged, so a resend is byte-identical; then its chunks are deleted
  and the row keeps the signed acknowledgement.

Versions submitted before this schema are queued when a registry is
enrolled (``intake_app.records.outbox_queue.queue_existing``), not here: no registry
exists yet.
"""

from __future__ import annotations

from intake_app.database.connection import Connection

SCHEMA = """
CREATE TABLE sync_registries (
    registry_id           TEXT PRIMARY KEY,
    name                  TEXT NOT NULL,
    url                   TEXT NOT NULL,
    hpke_suite            TEXT NOT NULL,
    encryption_public_key BLOB NOT NULL,
    encryption_key_id     TEXT NOT NULL,
    signing_public_key    BLOB NOT NULL CHECK (length(signing_public_key) = 32),
    fingerprint           TEXT NOT NULL,
    destination           TEXT NOT NULL,
    enrolled_at           TEXT NOT NULL,
    enrolled_by           TEXT NOT NULL,
    enrolment_status      TEXT NOT NULL CHECK (enrolment_status IN
                          ('unsent', 'pending', 'approved', 'refused', 'revoked')),
    status_at             TEXT
);
CREATE TRIGGER sync_registries_keys_immutable BEFORE UPDATE OF registry_id, hpke_suite, encryption_public_key,
    encryption_key_id, signing_public_key, fingerprint ON sync_registries
BEGIN SELECT RAISE(ABORT, 'an enrolled registry''s keys cannot be changed'); END;
CREATE TRIGGER sync_registries_no_delete BEFORE DELETE ON sync_registries
BEGIN SELECT RAISE(ABORT, 'an enrolled registry cannot be deleted'); END;

CREATE TABLE sync_bundles (
    bundle_id       TEXT PRIMARY KEY,
    registry_id     TEXT NOT NULL REFERENCES sync_registries (registry_id),
    created_at      TEXT NOT NULL,
    size            INTEGER NOT NULL,
    versions        INTEGER NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('stored', 'acknowledged', 'dropped')),
    ack             TEXT,
    acknowledged_at TEXT
);
CREATE INDEX sync_bundles_registry ON sync_bundles (registry_id, state);

CREATE TABLE sync_bundle_chunks (
    bundle_id TEXT NOT NULL REFERENCES sync_bundles (bundle_id),
    idx       INTEGER NOT NULL,
    data      BLOB NOT NULL,
    PRIMARY KEY (bundle_id, idx)
);

CREATE TABLE sync_outbox (
    record_id       TEXT NOT NULL,
    version         INTEGER NOT NULL,
    registry_id     TEXT NOT NULL REFERENCES sync_registries (registry_id),
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'acknowledged', 'conflict')),
    bundle_id       TEXT REFERENCES sync_bundles (bundle_id),
    queued_at       TEXT NOT NULL,
    sent_at         TEXT,
    acknowledged_at TEXT,
    PRIMARY KEY (record_id, version, registry_id),
    FOREIGN KEY (record_id, version) REFERENCES record_versions (record_id, version),
    CHECK ((state = 'pending') = (bundle_id IS NULL))
);
CREATE INDEX sync_outbox_registry_state ON sync_outbox (registry_id, state);
CREATE INDEX sync_outbox_bundle ON sync_outbox (bundle_id);
CREATE TRIGGER sync_outbox_final BEFORE UPDATE ON sync_outbox
WHEN OLD.state = 'acknowledged'
BEGIN SELECT RAISE(ABORT, 'an acknowledged version stays acknowledged'); END;
"""


def upgrade(conn: Connection) -> None:
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
