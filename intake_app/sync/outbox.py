"""The outbox as the sealer reads it: the pending versions of a registry as bundle inputs, and counts.

One row per (record id, version, registry): ``pending`` → ``sent`` (sealed
into bundle ``bundle_id``, kept in the store) → ``acknowledged`` (a signed
acknowledgement verified with the registry's enrolled key) or ``conflict``
(the registry holds other content under the same record id and version).
Rows are added by :mod:`intake_app.records.outbox_queue`, in the transaction
that freezes a version (or enrols a registry), which also keeps each
record's list status in step.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from intake_app.bundles import AttachmentSource, VersionInput
from intake_app.canonical import sha256_hex
from intake_app.database.connection import Connection
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.records import form_versions
from intake_app.records.attachment_store import attachment_info, read_chunks

def pending_inputs(conn: Connection, registry_id: str, device_id: str) -> list[VersionInput]:
    """The pending versions for ``registry_id``, in queue order, as the sealer takes them."""
    rows = conn.execute("SELECT o.record_id, o.version FROM sync_outbox o JOIN records r ON r.id = o.record_id"
                        " WHERE o.registry_id = ? AND o.state = 'pending' ORDER BY r.seq, o.version",
                        (registry_id,)).fetchall()
    return [version_input(conn, record_id, version, device_id) for record_id, version in rows]


def version_input(conn: Connection, record_id: str, version: int, device_id: str) -> VersionInput:
    """A submitted version as it was hashed and signed: the document bytes kept when it was frozen.

    ``device_id`` is checked against the document: a bundle only ever carries this device's versions.
    """
    row = conn.execute("SELECT kind, form_id, form_version, data, content_hash, device_signature, document"
                       " FROM record_versions WHERE record_id = ? AND version = ? AND state = 'submitted'",
                       (record_id, version)).fetchone()
    if row is None or row[6] is None:
        raise UserError(_("Version {version} of record {id} cannot be sent: its signed content is not in the "
                          "store (purged, or its rows no longer match its hash).").format(
                              version=version, id=record_id[:8]))
    kind, form_id, form_version, data_text, digest, signature, document = row
    document = bytes(document)
    if "sha256:" + sha256_hex(document) != digest or json.loads(document).get("device_id") != device_id:
        raise UserError(_("Version {version} of record {id} does not match its content hash: it is not sent.")
                        .format(version=version, id=record_id[:8]))
    form = form_versions.load(conn, form_id, form_version)
    data = json.loads(data_text)
    infos = [attachment_info(conn, ref) for ref in sorted(set(form.attachment_refs(data) if data else []))]
    sources = tuple(AttachmentSource(i.id, i.size, i.mime, _reader(conn, i.id)) for i in infos)
    return VersionInput(record_id, version, kind, form_id, form_version, digest, bytes(signature or b""),
                        document, sources)


def _reader(conn: Connection, attachment_id: str) -> Callable[[], Iterator[bytes]]:
    return lambda: read_chunks(conn, attachment_id)


def counts(conn: Connection, registry_id: str) -> dict[str, int]:
    """Rows per state for one registry (every state present, 0 if none)."""
    found = dict(conn.execute("SELECT state, count(*) FROM sync_outbox WHERE registry_id = ? GROUP BY state",
                              (registry_id,)).fetchall())
    return {state: int(found.get(state, 0)) for state in ("pending", "sent", "acknowledged", "conflict")}
