"""Taking in a bundle at the registry: refused or stored whole, then acknowledged with the registry's signature.

:func:`ingest_bundle` is the one entry point; the HTTP server
(``intake_app.registry.server``) and ``intake registry import`` both call it.
In order:

1. **Before any decryption** (``inspect_bundle``): the header, the manifest
   and its signature, checked with the key the device enrolled with (whatever
   its status), every manifest field, every section's size and SHA-256, and
   the end of the file. An unknown device is refused (``unknown_device``).
2. The device must be **approved**: a pending or revoked device is refused
   (``device_pending``, ``device_revoked``), and so is a bundle whose signed
   device id is not the one the caller names (``device_mismatch``).
3. A **resent bundle** (same bundle id, same manifest SHA-256) gets the stored
   acknowledgement back, byte for byte, and nothing else happens. The same
   bundle id with another manifest is refused (``bundle_conflict``).
4. **Opening** (``open_bundle``) inside one ``BEGIN IMMEDIATE`` transaction of
   the encrypted database: attachments are streamed straight into their
   tables, chunk by chunk; the version documents are written when every check
   has passed. Any failure rolls the whole transaction back: nothing of the
   bundle is kept, and no plaintext ever touches a file.
5. Each version is **new** (stored), **already held** with the same content
   hash (accepted, stored once) or a **conflict**: the registry already holds
   other content under that record id and version, or the record came from
   another device. A conflict is not stored, is audited, and is listed in
   the acknowledgement's ``conflicts`` so that the device learns of it; the
   rest of the bundle is still accepted.
6. The acknowledgement (``intake_app.bundles.ack``) is signed with the
   registry's key and stored with the bundle, in the same transaction.

Audit (hash-chained, ids and counts only): ``bundle.receive``,
``bundle.conflict`` per conflicting version, and ``bundle.refuse`` for any
refusal *after* the manifest signature verified with an enrolled key
(step 2 on). Input that fails step 1 cannot be attributed to a device (anyone
can send bytes), so it is refused without writing anything.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from intake_app import audit
from intake_app.bundles import (AttachmentRef, BundleError, Limits, Manifest, OpenedVersion, inspect_bundle,
                                open_bundle)
from intake_app.bundles.ack import Acknowledgement, AckedVersion, ack_from_json, sign_ack
from intake_app.canonical import canonical_json
from intake_app.clock import iso
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.protocol import media
from intake_app.registry.registry import Registry
from intake_app.database.blobs import RowWriter
from intake_app.database.connection import Connection, transaction

#: An uploaded bundle, or one from a media container, is spooled (as it is: ciphertext) to a temporary file
#: past this size.
SPOOL_IN_MEMORY = 8 * 1024 * 1024
DEFAULT_LIMITS = Limits()


class IngestRefused(UserError):
    """The registry refuses the bundle (nothing was stored); ``code`` says why, for machines."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class DeviceRefused(IngestRefused):
    """The sending device may not send: ``unknown_device``, ``device_pending``, ``device_revoked``,
    ``device_mismatch``."""


class BundleConflict(IngestRefused):
    """A bundle id already taken with another manifest (``bundle_conflict``)."""


def ack_bytes(ack: Acknowledgement) -> bytes:
    """The acknowledgement as stored and sent: RFC 8785 JSON of ``ack.to_json()``."""
    return canonical_json(ack.to_json())


def check_device(registry: Registry, device_id: str) -> None:
    """Raise :class:`DeviceRefused` unless ``device_id`` is an approved device (reads the database)."""
    status = registry.device_status(device_id)
    if status == "approved":
        return
    if status == "pending":
        raise DeviceRefused("device_pending", _("This device's enrolment has not been approved yet: the registry "
                                                "accepts its bundles once an operator approves it."))
    if status == "revoked":
        raise DeviceRefused("device_revoked", _("This device was revoked: the registry no longer accepts its "
                                                "bundles."))
    raise DeviceRefused("unknown_device", _("This device is not enrolled with the registry: send an enrolment "
                                            "request first."))


def ingest_bundle(registry: Registry, source: BinaryIO, *, expected_device: str | None = None,
                  via: str = "network", limits: Limits = DEFAULT_LIMITS) -> Acknowledgement:
    """Take in the bundle in ``source`` (seekable, holding ciphertext only); see the module docstring.

    Raises :class:`BundleError` (with its ``code``), :class:`DeviceRefused` or
    :class:`BundleConflict`; in every case nothing of the bundle is stored.
    ``via`` says how the bundle came, for the audit log (``network``, or ``media:<operator>``).
    """
    if not source.seekable():
        raise ValueError("ingest_bundle needs a seekable source (spool the upload to a temporary file first)")
    start = source.tell()
    try:
        manifest = inspect_bundle(source, device_key=registry.device_public_key, limits=limits)
    except BundleError as exc:
        if exc.code == "unknown_device":
            raise DeviceRefused("unknown_device", exc.message) from None
        raise
    # From here on the manifest is signed by an enrolled key: refusals are audited.
    try:
        if expected_device is not None and expected_device != manifest.device_id:
            raise DeviceRefused("device_mismatch", _("The bundle was signed by another device than the one the "
                                                     "request names."))
        check_device(registry, manifest.device_id)
        stored = _stored_ack(registry.conn, manifest.bundle_id, manifest.sha256)
        if stored is not None:
            return stored
        source.seek(start)
        return _receive(registry, source, manifest, via, limits)
    except (IngestRefused, BundleError) as exc:
        _audit_refusal(registry, manifest, exc)
        raise


def ingest_bundles_file(registry: Registry, path: Path, *, operator: str = "",
                        failures: list[tuple[int, UserError]] | None = None) -> list[Acknowledgement]:
    """Take in every bundle of a file from removable media, in order; one acknowledgement per bundle taken.

    The file is one bundle, or the container that ``intake export`` writes
    (``intake_app.protocol.media``: several bundles back to back). Each bundle is
    taken or refused on its own, all or nothing. Without ``failures`` the first
    refusal raises; with it, each refusal is appended as (index, error) and the
    next bundle is tried.
    """
    via = "media:" + operator if operator else "media"
    acks: list[Acknowledgement] = []
    try:
        with open(path, "rb") as source:
            for index, bundle in enumerate(_bundles_in(source)):
                try:
                    acks.append(ingest_bundle(registry, bundle, via=via))
                except (BundleError, IngestRefused) as exc:
                    if failures is None:
                        raise
                    failures.append((index, exc))
                finally:
                    bundle.close()
    except OSError as exc:
        raise UserError(_("Cannot read “{path}”: {reason}.").format(path=path, reason=exc.strerror)) from None
    return acks


def _bundles_in(source: BinaryIO) -> Iterator[BinaryIO]:
    """Each bundle of a bundle file or of a media container, as a seekable file holding its bytes (ciphertext)."""
    head = source.read(len(media.MAGIC))
    source.seek(0)
    if head != media.MAGIC:
        yield source  # a bundle file (or not a bundle at all: ingest_bundle says which)
        return
    for piece in media.read_media(source):
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
        while block := piece.read(min(piece.length - spool.tell(), 1024 * 1024)):
            spool.write(block)
        spool.seek(0)
        yield spool  # type: ignore[misc]


def stored_ack(registry: Registry, bundle_id: str) -> tuple[str, bytes] | None:
    """(device id, acknowledgement bytes) of a bundle the registry took, or ``None``."""
    row = registry.conn.execute("SELECT device_id, ack FROM received_bundles WHERE bundle_id = ?",
                                (bundle_id,)).fetchone()
    return None if row is None else (row[0], row[1].encode("utf-8"))


# -- inside -----------------------------------------------------------------------------------------

def _stored_ack(conn: Connection, bundle_id: str, manifest_sha256: str) -> Acknowledgement | None:
    row = conn.execute("SELECT manifest_sha256, ack FROM received_bundles WHERE bundle_id = ?",
                       (bundle_id,)).fetchone()
    if row is None:
        return None
    if row[0] != manifest_sha256:
        raise BundleConflict("bundle_conflict", _("The registry already took another bundle with this bundle id: "
                                                  "this one is refused."))
    return ack_from_json(json.loads(row[1]))


@dataclass
class _Plan:
    """What to do with each version of the manifest, decided inside the write transaction."""

    new: set[tuple[str, int]] = field(default_factory=set)
    conflicts: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)  # -> (held hash, reason)
    wanted: set[str] = field(default_factory=set)  # attachment ids to store


def _plan(conn: Connection, manifest: Manifest) -> _Plan:
    plan = _Plan()
    for entry in manifest.versions:
        key = (entry.record_id, entry.version)
        held = conn.execute("SELECT content_hash, device_id FROM received_versions WHERE record_id = ? AND "
                            "version = ?", key).fetchone()
        other = conn.execute("SELECT content_hash FROM received_versions WHERE record_id = ? AND device_id != ?"
                             " LIMIT 1", (entry.record_id, manifest.device_id)).fetchone()
        if held is not None and held[0] != entry.content_hash:
            plan.conflicts[key] = (held[0], "content")
        elif other is not None:
            plan.conflicts[key] = (other[0], "device")
        elif held is None:
            plan.new.add(key)
            plan.wanted.update(ident for ident, _size in entry.attachments)
    plan.wanted = {ident for ident in plan.wanted
                   if conn.execute("SELECT 1 FROM received_attachments WHERE id = ?", (ident,)).fetchone() is None}
    return plan


class _AttachmentSink:
    """Streams the attachments to store into their tables (inside the open transaction), 1 MiB per row."""

    def __init__(self, conn: Connection, wanted: set[str], bundle_id: str, stamp: str) -> None:
        self.conn, self.wanted, self.bundle_id, self.stamp = conn, wanted, bundle_id, stamp
        self.stored = 0

    def __call__(self, ref: AttachmentRef, chunks: Iterator[bytes]) -> None:
        if ref.id not in self.wanted:
            return  # the reader still reads and checks every chunk
        self.conn.execute("INSERT INTO received_attachments (id, mime, size, received_at, bundle_id)"
                          " VALUES (?, ?, ?, ?, ?)", (ref.id, ref.mime, ref.size, self.stamp, self.bundle_id))
        rows = RowWriter(self.conn, "received_attachment_chunks", ref.id)
        for chunk in chunks:
            rows.write(chunk)
        rows.close()
        self.stored += 1


def _receive(registry: Registry, source: BinaryIO, manifest: Manifest, via: str, limits: Limits) -> Acknowledgement:
    now = registry.clock()
    stamp = iso(now)
    actor = "device:" + manifest.device_id
    with transaction(registry.conn) as conn:
        plan = _plan(conn, manifest)
        sink = _AttachmentSink(conn, plan.wanted, manifest.bundle_id, stamp)
        opened = open_bundle(source, registry_keys=registry.bundle_key(), device_key=registry.device_public_key,
                             on_attachment=sink, limits=limits)
        if opened.bundle_id != manifest.bundle_id or opened.manifest_sha256 != manifest.sha256:
            raise BundleConflict("bundle_conflict", _("The bundle changed while it was being read: it is refused."))
        accepted: list[AckedVersion] = []
        conflicts: list[AckedVersion] = []
        for version in opened.versions:
            key = (version.record_id, version.version)
            acked = AckedVersion(version.record_id, version.version, version.content_hash)
            if key in plan.conflicts:
                conflicts.append(acked)
                held, reason = plan.conflicts[key]
                audit.append(conn, actor, "bundle.conflict", version.record_id,
                             {"bundle_id": manifest.bundle_id, "device_id": manifest.device_id,
                              "version": version.version, "received_hash": version.content_hash,
                              "held_hash": held, "reason": reason}, at=now)
                continue
            if key in plan.new:
                _store_version(conn, version, manifest.device_id, manifest.bundle_id, stamp)
            accepted.append(acked)
        unsigned = Acknowledgement(registry.registry_id, manifest.bundle_id, manifest.device_id, stamp,
                                   tuple(accepted), tuple(conflicts))
        ack = sign_ack(unsigned, registry.sign)
        conn.execute("INSERT INTO received_bundles (bundle_id, device_id, manifest_sha256, created_at, received_at,"
                     " size, versions, ack) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (manifest.bundle_id, manifest.device_id, manifest.sha256, manifest.created_at, stamp,
                      opened.size, len(opened.versions), ack_bytes(ack).decode("utf-8")))
        audit.append(conn, actor, "bundle.receive", manifest.bundle_id,
                     {"device_id": manifest.device_id, "versions": len(opened.versions), "stored": len(plan.new),
                      "already_held": len(accepted) - len(plan.new), "conflicts": len(conflicts),
                      "attachments_stored": sink.stored, "bytes": opened.size, "via": via}, at=now)
    return ack


def _store_version(conn: Connection, version: OpenedVersion, device_id: str, bundle_id: str, stamp: str) -> None:
    conn.execute("INSERT INTO received_versions (record_id, version, kind, form_id, form_version, content_hash,"
                 " receipt_no, submitted_at, device_id, device_signature, document, received_at, bundle_id)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (version.record_id, version.version, version.kind, version.form_id, version.form_version,
                  version.content_hash, version.receipt_no, version.submitted_at, device_id,
                  version.device_signature, version.document.decode("utf-8"), stamp, bundle_id))
    conn.executemany("INSERT INTO received_version_attachments (record_id, version, attachment_id) VALUES (?, ?, ?)",
                     [(version.record_id, version.version, ref.id) for ref in version.attachments])


def _audit_refusal(registry: Registry, manifest: Manifest, exc: IngestRefused | BundleError) -> None:
    with transaction(registry.conn) as conn:
        audit.append(conn, "device:" + manifest.device_id, "bundle.refuse", manifest.bundle_id,
                     {"device_id": manifest.device_id, "code": exc.code}, at=registry.clock())
