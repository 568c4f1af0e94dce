"""Versions submitted in a real store, signed by its device key, travel in a bundle and verify at the registry."""

from __future__ import annotations

import io

from intake_app.bundles import RegistryKey, open_bundle, seal_bundle
from intake_app.sync.spool import device_signer
from intake_app.records.reading import get_record
from intake_app.store import device_key
from tests.bundles.helpers import Staging, submitted_and_amended
from tests.records.sample import write_scan


def test_submitted_and_amended_versions_from_the_store(officer, tmp_path):
    scan = write_scan(tmp_path / "input")
    record_id, versions = submitted_and_amended(officer, scan)
    assert [v.version for v in versions] == [1, 2]

    signer = device_signer(officer.conn, officer.device.device_id)
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
