"""Schema 7: each submitted version keeps the canonical bytes of its document, exactly as hashed and signed.

Sealing sends those bytes (:mod:`intake_app.sync.outbox`) instead of rebuilding the
document from rows, so no later change in how rows are read can change what a
device signed. ``record_versions.document`` is set by the UPDATE that freezes a
version (``records.lifecycle``) and emptied, with ``data``, by the purge; the
immutability trigger now also requires that. Versions frozen before this schema
get their bytes rebuilt here, once (with the code of this release), and only when
the rebuilt bytes hash to the stored content hash: a version whose rows no longer
match its hash keeps no document, and sealing it fails with that reason.
"""

from __future__ import annotations

import json

from intake_app.canonical import canonical_json, sha256_hex
from intake_app.database.connection import Connection
from intake_app.protocol.version_document import version_document
from intake_app.store.migrations import m0006_retention

#: Schema 6's trigger, which now also demands that a purge empties ``document``.
_PURGE = "NEW.data = '{}' AND NEW.reason IS NULL"
TRIGGER = m0006_retention.SCHEMA[m0006_retention.SCHEMA.index("CREATE TRIGGER"):].replace(
    _PURGE, _PURGE + " AND NEW.document IS NULL")


def upgrade(conn: Connection) -> None:
    conn.execute("ALTER TABLE record_versions ADD COLUMN document BLOB")
    conn.execute("DROP TRIGGER record_versions_immutable")
    rows = conn.execute("SELECT record_id, version, content_hash FROM record_versions"
                        " WHERE state = 'submitted' AND purged_at IS NULL").fetchall()
    device = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()  # none in a new store
    for record_id, version, digest in rows:
        device_id = device[0]
        document = _rebuilt(conn, record_id, version, device_id)
        if "sha256:" + sha256_hex(document) == digest:
            conn.execute("UPDATE record_versions SET document = ? WHERE record_id = ? AND version = ?",
                         (document, record_id, version))
    conn.execute(TRIGGER)


def _rebuilt(conn: Connection, record_id: str, version: int, device_id: str) -> bytes:
    """The document as the releases before schema 7 rebuilt it for every bundle (current code, runs once)."""
    from intake_app.records import form_versions
    from intake_app.records.attachment_store import attachment_info

    kind, form_id, form_version, data_text, reason, submitted_at, submitted_by, receipt = conn.execute(
        "SELECT v.kind, v.form_id, v.form_version, v.data, v.reason, v.submitted_at, v.submitted_by, r.receipt_no"
        " FROM record_versions v JOIN records r ON r.id = v.record_id WHERE v.record_id = ? AND v.version = ?",
        (record_id, version)).fetchone()
    previous = None
    if kind != "original":
        found = conn.execute("SELECT content_hash FROM record_versions WHERE record_id = ? AND version < ?"
                             " AND state = 'submitted' AND kind != 'void' ORDER BY version DESC LIMIT 1",
                             (record_id, version)).fetchone()
        previous = found[0] if found else None
    form = form_versions.load(conn, form_id, form_version)
    data = json.loads(data_text)
    infos = [attachment_info(conn, ref) for ref in sorted(set(form.attachment_refs(data) if data else []))]
    return canonical_json(version_document(
        record_id=record_id, version=version, kind=kind, form_id=form_id, form_version=form_version,
        form_sha256=form.sha256, data=data, attachments=[{"id": i.id, "size": i.size, "mime": i.mime} for i in infos],
        receipt_no=receipt, device_id=device_id, submitted_at=submitted_at, submitted_by=submitted_by,
        reason=reason, previous_hash=previous))
