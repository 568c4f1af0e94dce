"""Versions submitted in a real store, signed by its device key, travel in a bundle and verify at the registry."""

from __future__ import annotations

import io

from intake_app.bundles import DeviceSigner, RegistryKey, VersionInput, open_bundle, seal_bundle
from intake_app.bundles.model import AttachmentSource
from intake_app.canonical import canonical_json
from intake_app.records import form_versions, lifecycle
from intake_app.records.attachments import attachment_info, read_chunks
from intake_app.records.content import version_document
from intake_app.records.queries import get_record
from intake_app.store import device_key
from tests.bundles.helpers import Staging
from tests.records.sample import application, write_scan


def _inputs(session, record_id: str) -> list[VersionInput]:
    """What the sync queue will build from the store: the version documents as they were hashed and signed."""
    conn = session.conn
    record = get_record(session, record_id)
    out, previous = [], None
    for v in record.versions:
        form = form_versions.load(conn, v.form_id, v.form_version)
        infos = [attachment_info(conn, ref) for ref in sorted(set(form.attachment_refs(v.data)))]
        doc = version_document(
            record_id=record.id, version=v.version, kind=v.kind, form_id=v.form_id, form_version=v.form_version,
            form_sha256=form.sha256, data=v.data, attachments=[{"id": i.id, "size": i.size, "mime": i.mime}
                                                               for i in infos],
            receipt_no=record.receipt_no, device_id=session.device.device_id, submitted_at=v.submitted_at,
            submitted_by=v.submitted_by, reason=v.reason, previous_hash=previous)
        sources = tuple(AttachmentSource(i.id, i.size, i.mime, lambda ident=i.id: read_chunks(conn, ident))
                        for i in infos)
        out.append(VersionInput(record.id, v.version, v.kind, v.form_id, v.form_version, v.content_hash,
                                v.device_signature, canonical_json(doc), sources))
        previous = v.content_hash
    return out


def test_submitted_and_amended_versions_from_the_store(officer, tmp_path):
    scan = write_scan(tmp_path / "input")
    record_id = lifecycle.create_draft(officer, "asylum_application", application(),
                                       files=[("application_scan", scan)])
    lifecycle.submit(officer, record_id)
    first = get_record(officer, record_id).versions[0]
    lifecycle.amend(officer, record_id, dict(first.data, name_latin="Abdullayev Rustam"), "Latin spelling")
    versions = _inputs(officer, record_id)
    assert [v.version for v in versions] == [1, 2]

    signer = DeviceSigner.from_store(officer.conn, officer.device.device_id)
    key = RegistryKey.generate()
    out = io.BytesIO()
    sealed = seal_bundle(out, versions, device=signer, registry=key.recipient("registry-1"))
    assert b"Abdullaev" not in out.getvalue() and "Абдуллаев".encode() not in out.getvalue()

    public = device_key.public_key(officer.conn)
    staging = Staging()
    opened = open_bundle(io.BytesIO(out.getvalue()), registry_keys=key, on_attachment=staging,
                         device_key=lambda device_id: public if device_id == officer.device.device_id else None)
    assert opened.bundle_id == sealed.bundle_id
    receipt = get_record(officer, record_id).receipt_no
    assert [(v.version, v.kind, v.receipt_no) for v in opened.versions] == [(1, "original", receipt),
                                                                            (2, "amendment", receipt)]
    assert staging.received[versions[0].attachments[0].id] == scan.read_bytes()
    assert opened.versions[1].content()["previous"] == opened.versions[0].content_hash
