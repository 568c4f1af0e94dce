"""Sealed bundles kept in the encrypted store until acknowledged, and applying verified acknowledgements.

:func:`seal_pending` seals the pending versions of one registry straight
into the store (``sync_bundles`` / ``sync_bundle_chunks``: ciphertext only,
and inside SQLCipher; no temporary file is written) and marks their outbox
rows ``sent`` with the bundle id, in one transaction, **before** anything is
uploaded. A bundle is then always sent from those stored bytes, so a resend
after a crash or a lost connection is byte-identical, with the same bundle
id, and the registry's answer for it (``GET /v1/acks/{bundle_id}``) applies.

:func:`apply_ack` checks the acknowledgement's signature with the registry's
enrolled key (``intake_app.bundles.ack.verify_ack``) and only then, in one
transaction: marks the versions it lists acknowledged (or in conflict),
keeps the signed acknowledgement, deletes the bundle's ciphertext once
nothing in it waits any more, updates the records' statuses and appends an
audit entry (ids and counts only).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from intake_app import audit
from intake_app.bundles import DeviceSigner, plan_bundles, seal_bundle
from intake_app.bundles.ack import Acknowledgement, verify_ack
from intake_app.clock import iso
from intake_app.records import outbox_queue
from intake_app.session import Session
from intake_app.store import device_key
from intake_app.database.blobs import RowWriter, read_rows
from intake_app.database.connection import Connection, transaction
from intake_app.sync import outbox
from intake_app.sync.registries import EnrolledRegistry

@dataclass(frozen=True)
class StoredBundle:
    bundle_id: str
    registry_id: str
    size: int
    versions: int


@dataclass(frozen=True)
class AckResult:
    acknowledged: int
    conflicts: int
    #: versions of the bundle the acknowledgement did not mention: queued again (pending)
    requeued: int


def device_signer(conn: Connection, device_id: str) -> DeviceSigner:
    """The signer of the device whose unlocked store is ``conn``: it signs through ``store.device_key``."""
    public = device_key.public_key(conn)
    if public is None:
        raise RuntimeError("this store has no device signing key")
    return DeviceSigner(device_id, lambda payload: device_key.sign(conn, payload), public)


def seal_pending(session: Session, registry: EnrolledRegistry, max_bytes: int) -> list[StoredBundle]:
    """Seal every pending version for ``registry`` into stored bundles (one transaction per bundle)."""
    conn = session.conn
    device_id = session.device.device_id
    sealed: list[StoredBundle] = []
    plan = plan_bundles(outbox.pending_inputs(conn, registry.registry_id, device_id), max_bytes,
                        registry=registry.recipient)
    for versions in plan:
        bundle_id = str(uuid.uuid4())
        with transaction(conn):
            now = iso(session.clock())
            conn.execute("INSERT INTO sync_bundles (bundle_id, registry_id, created_at, size, versions, state)"
                         " VALUES (?, ?, ?, 0, ?, 'stored')", (bundle_id, registry.registry_id, now, len(versions)))
            writer = RowWriter(conn, "sync_bundle_chunks", bundle_id)
            result = seal_bundle(writer, versions, device=device_signer(conn, device_id),  # type: ignore[arg-type]
                                 registry=registry.recipient, clock=session.clock, bundle_id=bundle_id)
            writer.close()
            conn.execute("UPDATE sync_bundles SET size = ? WHERE bundle_id = ?", (result.size, bundle_id))
            for version in versions:
                conn.execute("UPDATE sync_outbox SET state = 'sent', bundle_id = ?, sent_at = ? WHERE record_id = ?"
                             " AND version = ? AND registry_id = ? AND state = 'pending'",
                             (bundle_id, now, version.record_id, version.version, registry.registry_id))
            outbox_queue.refresh_status(conn, [v.record_id for v in versions])
            audit.append(conn, session.user.username, "sync.bundle.seal", bundle_id,
                         {"registry": registry.registry_id, "versions": len(versions), "size": result.size})
        sealed.append(StoredBundle(bundle_id, registry.registry_id, result.size, len(versions)))
    return sealed


def stored_bundles(conn: Connection, registry_id: str) -> list[StoredBundle]:
    """Bundles for ``registry_id`` sealed and not yet fully acknowledged, oldest first."""
    rows = conn.execute("SELECT bundle_id, registry_id, size, versions FROM sync_bundles WHERE registry_id = ?"
                        " AND state = 'stored' ORDER BY created_at, rowid", (registry_id,)).fetchall()
    return [StoredBundle(*row) for row in rows]


def bundle_chunks(conn: Connection, bundle_id: str) -> Iterator[bytes]:
    """The stored bundle's bytes, chunk by chunk (a fresh iterator each call)."""
    return read_rows(conn, "sync_bundle_chunks", bundle_id)


def apply_ack(session: Session, registry: EnrolledRegistry, ack: Acknowledgement) -> AckResult:
    """Verify ``ack`` (``AckError`` if it must not be trusted: nothing changes) and apply it."""
    verify_ack(ack, registry.signing_public_key, registry_id=registry.registry_id, bundle_id=ack.bundle_id,
               device_id=session.device.device_id)
    with transaction(session.conn) as conn:
        rows = conn.execute("SELECT o.record_id, o.version, v.content_hash FROM sync_outbox o JOIN record_versions v"
                            " ON v.record_id = o.record_id AND v.version = o.version WHERE o.bundle_id = ?"
                            " AND o.registry_id = ? AND o.state = 'sent'",
                            (ack.bundle_id, registry.registry_id)).fetchall()
        accepted = {(a.record_id, a.version, a.content_hash) for a in ack.accepted}
        conflicts = {(a.record_id, a.version, a.content_hash) for a in ack.conflicts}
        done = {"acknowledged": 0, "conflict": 0, "pending": 0}
        for record_id, version, digest in rows:
            key = (record_id, version, digest)
            state = "acknowledged" if key in accepted else "conflict" if key in conflicts else "pending"
            conn.execute("UPDATE sync_outbox SET state = ?, acknowledged_at = ?, bundle_id = ? WHERE record_id = ?"
                         " AND version = ? AND registry_id = ?",
                         (state, ack.received_at if state != "pending" else None,
                          None if state == "pending" else ack.bundle_id, record_id, version, registry.registry_id))
            done[state] += 1
        conn.execute("UPDATE sync_bundles SET ack = ?, acknowledged_at = ? WHERE bundle_id = ? AND registry_id = ?",
                     (json.dumps(ack.to_json(), sort_keys=True), ack.received_at, ack.bundle_id,
                      registry.registry_id))
        _release_if_done(conn, ack.bundle_id)
        outbox_queue.refresh_status(conn, [row[0] for row in rows])
        if rows:
            audit.append(conn, session.user.username, "sync.bundle.ack", ack.bundle_id,
                         {"registry": registry.registry_id, "acknowledged": done["acknowledged"],
                          "conflicts": done["conflict"], "requeued": done["pending"]})
    return AckResult(done["acknowledged"], done["conflict"], done["pending"])


def drop_bundle(session: Session, registry: EnrolledRegistry, bundle_id: str, reason: str) -> int:
    """The registry refused the bundle as such (it stored nothing): queue its versions again; returns how many."""
    with transaction(session.conn) as conn:
        records = [row[0] for row in conn.execute("SELECT record_id FROM sync_outbox WHERE bundle_id = ? AND"
                                                  " state = 'sent'", (bundle_id,))]
        conn.execute("UPDATE sync_outbox SET state = 'pending', bundle_id = NULL, sent_at = NULL WHERE bundle_id = ?"
                     " AND state = 'sent'", (bundle_id,))
        _release_if_done(conn, bundle_id, state="dropped")
        outbox_queue.refresh_status(conn, records)
        audit.append(conn, session.user.username, "sync.bundle.drop", bundle_id,
                     {"registry": registry.registry_id, "reason": reason, "requeued": len(records)})
    return len(records)


def _release_if_done(conn: Connection, bundle_id: str, state: str = "acknowledged") -> None:
    waiting = conn.execute("SELECT 1 FROM sync_outbox WHERE bundle_id = ? AND state = 'sent' LIMIT 1",
                           (bundle_id,)).fetchone()
    if waiting is None:
        conn.execute("DELETE FROM sync_bundle_chunks WHERE bundle_id = ?", (bundle_id,))
        conn.execute("UPDATE sync_bundles SET state = ? WHERE bundle_id = ?", (state, bundle_id))
