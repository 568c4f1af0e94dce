"""Schema 6: retention. A submitted version may be purged, exactly once, and nothing else may change.

* ``record_versions.purged_at``: set by the purge (``intake_app.sync.retention``),
  in the same UPDATE that empties ``data`` (to ``'{}'``) and ``reason``. The
  trigger ``record_versions_immutable`` is replaced by one that allows
  exactly that update of a submitted version, and only when the version has
  at least one outbox row and every one of them is ``acknowledged``; every
  other column (hash, signature, dates, form) must stay as it was. A purged
  version can never change again.
* ``records.status`` may be ``purged``. The CHECK constraint only gains a
  value (every stored row still satisfies it), so it is changed in place as
  SQLite documents for changes that leave the stored content untouched
  (``writable_schema``; https://sqlite.org/lang_altertable.html#otheralter).
  A rebuild of ``records`` is not possible inside the migration transaction
  with foreign keys on.
"""

from __future__ import annotations

from intake_app.database.connection import Connection

_OLD_CHECK = "('draft', 'submitted', 'queued', 'acknowledged', 'amended', 'void')"
_NEW_CHECK = "('draft', 'submitted', 'queued', 'acknowledged', 'amended', 'void', 'purged')"

SCHEMA = """
ALTER TABLE record_versions ADD COLUMN purged_at TEXT;
DROP TRIGGER record_versions_immutable;
CREATE TRIGGER record_versions_immutable BEFORE UPDATE ON record_versions
WHEN OLD.state = 'submitted' AND NOT (
    OLD.purged_at IS NULL AND NEW.purged_at IS NOT NULL AND NEW.data = '{}' AND NEW.reason IS NULL
    AND NEW.record_id IS OLD.record_id AND NEW.version IS OLD.version AND NEW.kind IS OLD.kind
    AND NEW.state IS OLD.state AND NEW.form_id IS OLD.form_id AND NEW.form_version IS OLD.form_version
    AND NEW.created_at IS OLD.created_at AND NEW.created_by IS OLD.created_by
    AND NEW.updated_at IS OLD.updated_at AND NEW.submitted_at IS OLD.submitted_at
    AND NEW.submitted_by IS OLD.submitted_by AND NEW.content_hash IS OLD.content_hash
    AND NEW.device_signature IS OLD.device_signature
    AND EXISTS (SELECT 1 FROM sync_outbox o WHERE o.record_id = OLD.record_id AND o.version = OLD.version)
    AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.record_id = OLD.record_id AND o.version = OLD.version
                    AND o.state != 'acknowledged'))
BEGIN SELECT RAISE(ABORT, 'submitted record versions are immutable (only an acknowledged version may be purged)'); END
"""


def upgrade(conn: Connection) -> None:
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    _allow_purged_status(conn)


def _allow_purged_status(conn: Connection) -> None:
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'records'").fetchone()
    if _NEW_CHECK in sql:
        return
    if _OLD_CHECK not in " ".join(sql.split()):
        raise RuntimeError("unexpected definition of the records table")
    version = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute("UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'records'",
                     ("'amended', 'void')", "'amended', 'void', 'purged')"))
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
