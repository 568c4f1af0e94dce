"""Schema 1: device metadata, users, form versions, records, attachments, audit log."""

from __future__ import annotations

from intake_app.database.connection import Connection

SCHEMA = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    username     TEXT PRIMARY KEY,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'monitor')),
    display_name TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    removed_at   TEXT
);

-- Every form version that a record was ever captured with, verbatim, so old
-- records still display and validate after the shipped form changes.
CREATE TABLE form_versions (
    form_id       TEXT NOT NULL,
    version       INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    source        TEXT NOT NULL,
    first_used_at TEXT NOT NULL,
    PRIMARY KEY (form_id, version)
);

CREATE TABLE records (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    form_id     TEXT NOT NULL,
    receipt_no  TEXT UNIQUE,
    status      TEXT NOT NULL CHECK (status IN
                ('draft', 'submitted', 'queued', 'acknowledged', 'amended', 'void')),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX records_form_status ON records (form_id, status, updated_at);

CREATE TABLE record_versions (
    record_id     TEXT NOT NULL REFERENCES records (id),
    version       INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('original', 'amendment', 'void')),
    state         TEXT NOT NULL CHECK (state IN ('draft', 'submitted')),
    form_id       TEXT NOT NULL,
    form_version  INTEGER NOT NULL,
    data          TEXT NOT NULL,
    reason        TEXT,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    submitted_at  TEXT,
    submitted_by  TEXT,
    content_hash  TEXT,
    PRIMARY KEY (record_id, version),
    FOREIGN KEY (form_id, form_version) REFERENCES form_versions (form_id, version)
);

-- A submitted version is immutable and nothing is hard-deleted: the
-- application code never tries, and these triggers stop any bug that would.
CREATE TRIGGER record_versions_immutable BEFORE UPDATE ON record_versions
WHEN OLD.state = 'submitted'
BEGIN SELECT RAISE(ABORT, 'submitted record versions are immutable'); END;
CREATE TRIGGER record_versions_no_delete BEFORE DELETE ON record_versions
WHEN OLD.state = 'submitted'
BEGIN SELECT RAISE(ABORT, 'submitted record versions cannot be deleted'); END;

CREATE TABLE attachments (
    id         TEXT PRIMARY KEY,          -- 'sha256:<hex>' of the content
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    filename   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE TABLE attachment_chunks (
    attachment_id TEXT NOT NULL REFERENCES attachments (id),
    idx           INTEGER NOT NULL,
    data          BLOB NOT NULL,
    PRIMARY KEY (attachment_id, idx)
);

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
