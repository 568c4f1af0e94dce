"""The outbox: which submitted record version must reach which registry, and how far it got.

One row per (record id, version, registry): ``pending`` → ``sent`` (sealed
into bundle ``bundle_id``, kept in the store) → ``acknowledged`` (a signed
acknowledgement verified with the registry's enrolled key) or ``conflict``
(the registry holds other content under the same record id and version).

:func:`queue_version` is called by ``records.lifecycle._freeze``, in the same
transaction that freezes the version; :func:`queue_existing` when a registry
is enrolled. The record's list status follows (:func:`refresh_status`):

* ``draft`` and ``void`` are never changed here (void is final, and the list
  shows it whatever the sync state of the void version);
* ``submitted`` / ``amended``: frozen, and no enrolled registry takes it yet;
* ``queued``: some version still waits (pending or sent) for a registry;
* ``acknowledged``: every submitted version acknowledged by every registry
  of its destinations. A later amendment makes it ``queued`` again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from intake_app.canonical import canonical_json
from intake_app.store.connection import Connection
from intake_app.sync.destinations import destinations_for

if TYPE_CHECKING:
    from intake_app.bundles import VersionInput
    from intake_app.forms import Form

_SYNC_STATUSES = ("submitted", "amended", "queued", "acknowledged")


def queue_version(conn: Connection, record_id: str, version: int, form: Form, at: str) -> int:
    """Queue a version just frozen for every registry of its form's destinations; returns the rows added."""
    destinations = destinations_for(form)
    if not destinations:
        return 0
    marks = ", ".join("?" * len(destinations))
    cursor = conn.execute(
        "INSERT OR IGNORE INTO sync_outbox (record_id, version, registry_id, state, queued_at)"
        f" SELECT ?, ?, registry_id, 'pending', ? FROM sync_registries WHERE destination IN ({marks})"
        " AND enrolment_status != 'revoked'", (record_id, version, at, *destinations))
    return int(cursor.rowcount)


def queue_existing(conn: Connection, registry_id: str, destination: str, at: str) -> int:
    """Queue every signed, submitted version whose form goes to ``destination`` (a newly enrolled registry)."""
    from intake_app.records import form_versions

    rows = conn.execute("SELECT v.record_id, v.version, v.form_id, v.form_version FROM record_versions v"
                        " JOIN records r ON r.id = v.record_id WHERE v.state = 'submitted' AND v.purged_at IS NULL"
                        " AND v.device_signature IS NOT NULL ORDER BY r.seq, v.version").fetchall()
    queued, records = 0, []
    for record_id, version, form_id, form_version in rows:
        if destination in destinations_for(form_versions.load(conn, form_id, form_version)):
            conn.execute("INSERT OR IGNORE INTO sync_outbox (record_id, version, registry_id, state, queued_at)"
                         " VALUES (?, ?, ?, 'pending', ?)", (record_id, version, registry_id, at))
            queued += 1
            records.append(record_id)
    refresh_status(conn, records)
    return queued


def refresh_status(conn: Connection, record_ids: Iterable[str]) -> None:
    """Set ``records.status`` from the outbox (see the module docstring)."""
    for record_id in dict.fromkeys(record_ids):
        row = conn.execute("SELECT status FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None or row[0] not in _SYNC_STATUSES:
            continue
        states = {state for (state,) in conn.execute("SELECT state FROM sync_outbox WHERE record_id = ?",
                                                     (record_id,))}
        if not states:
            continue
        status = "acknowledged" if states == {"acknowledged"} else "queued"
        if status != row[0]:
            conn.execute("UPDATE records SET status = ? WHERE id = ?", (status, record_id))


def pending_inputs(conn: Connection, registry_id: str, device_id: str) -> list[VersionInput]:
    """The pending versions for ``registry_id``, in queue order, as the sealer takes them."""
    rows = conn.execute("SELECT o.record_id, o.version FROM sync_outbox o JOIN records r ON r.id = o.record_id"
                        " WHERE o.registry_id = ? AND o.state = 'pending' ORDER BY r.seq, o.version",
                        (registry_id,)).fetchall()
    return [version_input(conn, record_id, version, device_id) for record_id, version in rows]


def version_input(conn: Connection, record_id: str, version: int, device_id: str) -> VersionInput:
    """A submitted version as it was hashed and signed: its document is rebuilt exactly from the store."""
    from intake_app.bundles import AttachmentSource, VersionInput
    from intake_app.records import form_versions
    from intake_app.records.attachments import attachment_info
    from intake_app.records.content import version_document

    row = conn.execute("SELECT v.kind, v.form_id, v.form_version, v.data, v.reason, v.submitted_at,"
                       " v.submitted_by, v.content_hash, v.device_signature, r.receipt_no FROM record_versions v"
                       " JOIN records r ON r.id = v.record_id WHERE v.record_id = ? AND v.version = ?"
                       " AND v.state = 'submitted'", (record_id, version)).fetchone()
    kind, form_id, form_version, data_text, reason, submitted_at, submitted_by, digest, signature, receipt = row
    previous = None
    if kind != "original":
        found = conn.execute("SELECT content_hash FROM record_versions WHERE record_id = ? AND version < ?"
                             " AND state = 'submitted' AND kind != 'void' ORDER BY version DESC LIMIT 1",
                             (record_id, version)).fetchone()
        previous = found[0] if found else None
    form = form_versions.load(conn, form_id, form_version)
    data = json.loads(data_text)
    infos = [attachment_info(conn, ref) for ref in sorted(set(form.attachment_refs(data) if data else []))]
    document = version_document(
        record_id=record_id, version=version, kind=kind, form_id=form_id, form_version=form_version,
        form_sha256=form.sha256, data=data, attachments=[{"id": i.id, "size": i.size, "mime": i.mime}
                                                         for i in infos],
        receipt_no=receipt, device_id=device_id, submitted_at=submitted_at, submitted_by=submitted_by,
        reason=reason, previous_hash=previous)
    sources = tuple(AttachmentSource(i.id, i.size, i.mime, _reader(conn, i.id)) for i in infos)
    return VersionInput(record_id, version, kind, form_id, form_version, digest, bytes(signature or b""),
                        canonical_json(document), sources)


def _reader(conn: Connection, attachment_id: str) -> Callable[[], Iterator[bytes]]:
    from intake_app.records.attachments import read_chunks

    return lambda: read_chunks(conn, attachment_id)


def counts(conn: Connection, registry_id: str) -> dict[str, int]:
    """Rows per state for one registry (every state present, 0 if none)."""
    found = dict(conn.execute("SELECT state, count(*) FROM sync_outbox WHERE registry_id = ? GROUP BY state",
                              (registry_id,)).fetchall())
    return {state: int(found.get(state, 0)) for state in ("pending", "sent", "acknowledged", "conflict")}
