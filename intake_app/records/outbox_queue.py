"""Queueing frozen versions in the outbox for the registries of their destinations, and the record status that follows.

The outbox (``sync_outbox``) has one row per (record id, version, registry).
Rows are added here, in the transaction that makes them due, so a version is
never frozen without being queued: :func:`queue_version` by
``records.lifecycle`` when it freezes a version, :func:`queue_existing` by
``sync.registries`` when a registry is enrolled. The sync side
(:mod:`intake_app.sync.outbox`, ``sync.spool``) seals and sends them and
records how far each got. The record's list status follows
(:func:`refresh_status`):

* ``draft`` and ``void`` are never changed here (void is final, and the list
  shows it whatever the sync state of the void version);
* ``submitted`` / ``amended``: frozen, and no enrolled registry takes it yet;
* ``queued``: some version still waits (pending or sent) for a registry;
* ``acknowledged``: every submitted version acknowledged by every registry
  of its destinations. A later amendment makes it ``queued`` again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from intake_app.records import form_versions
from intake_app.records.destinations import destinations_for
from intake_app.database.connection import Connection

if TYPE_CHECKING:
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
