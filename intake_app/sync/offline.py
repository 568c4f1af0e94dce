"""Sync without a network: export the stored bundles to a file, import the acknowledgements that come back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from intake_app import audit
from intake_app.bundles.ack import AckError, ack_from_json
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.protocol import media
from intake_app.roles import Permission
from intake_app.safe_io import write_file
from intake_app.session import Session
from intake_app.database.connection import transaction
from intake_app.sync import spool
from intake_app.sync.registries import EnrolledRegistry, get_registry, list_registries


@dataclass(frozen=True)
class ExportResult:
    registry_id: str
    bundles: int
    versions: int


@dataclass
class ImportResult:
    applied: int = 0
    acknowledged: int = 0
    conflicts: int = 0
    #: (index in the file, translated reason) of each acknowledgement refused
    refused: list[tuple[int, str]] = field(default_factory=list)


def export_pending(session: Session, out: Path, *, registry: EnrolledRegistry | None = None,
                   max_bytes: int) -> ExportResult:
    """Seal what is pending for one registry and write every bundle it has not acknowledged to ``out``.

    With more than one registry enrolled, ``registry`` must be given: a file
    carries one registry's bundles only.
    """
    session.require(Permission.SYNC_RECORDS)
    if registry is None:
        enrolled = list_registries(session.conn)
        if len(enrolled) != 1:
            raise UserError(_("Say which registry the file is for with --registry (enrolled: {count}).").format(
                count=len(enrolled)))
        registry = enrolled[0]
    spool.seal_pending(session, registry, max_bytes)
    bundles = spool.stored_bundles(session.conn, registry.registry_id)
    if not bundles:
        raise UserError(_("Nothing waits to be sent to this registry."))
    conn = session.conn
    items = [(b.size, lambda ident=b.bundle_id: spool.bundle_chunks(conn, ident)) for b in bundles]
    # ciphertext only (sealed bundles): a partial file left by a crash gives nothing away
    write_file(out, lambda handle: media.write_media(handle, items, len(bundles)))
    with transaction(conn):
        audit.append(conn, session.user.username, "sync.export", registry.registry_id,
                     {"bundles": len(bundles), "bundle_ids": [b.bundle_id for b in bundles]})
    return ExportResult(registry.registry_id, len(bundles), sum(b.versions for b in bundles))


def import_acks(session: Session, path: Path) -> ImportResult:
    """Verify and apply each acknowledgement in the file; one that fails is reported, the others still apply."""
    session.require(Permission.SYNC_RECORDS)
    result = ImportResult()
    for index, document in enumerate(media.read_ack_file(path)):
        try:
            ack = ack_from_json(document)
            registry = get_registry(session.conn, ack.registry_id)
            if registry is None:
                raise AckError(_("The acknowledgement is from a registry this device is not enrolled with."))
            applied = spool.apply_ack(session, registry, ack)
        except AckError as exc:
            result.refused.append((index, exc.message))
            continue
        result.applied += 1
        result.acknowledged += applied.acknowledged
        result.conflicts += applied.conflicts
    return result
