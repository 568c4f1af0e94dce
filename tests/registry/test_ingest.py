"""Taking in bundles: a real device store to a real registry; idempotency, conflicts, refusals, all or nothing."""

from __future__ import annotations

import io
import json

import pytest

from intake_app.bundles import BundleError, seal_bundle
from intake_app.bundles.ack import ack_from_json, verify_ack
from intake_app.registry import ingest, received
from intake_app.registry.ingest import BundleConflict, DeviceRefused, ack_bytes, ingest_bundle
from intake_app.sync.spool import device_signer
from tests.bundles.helpers import (SEEKABLE, Device, Parts, attachment, flip, make_version, pattern,
                                  submitted_and_amended)
from tests.records.sample import write_scan
from tests.registry.ingest_helpers import dump, enrol, enrol_device, recipient, seal_for


def _verify(registry, ack) -> None:
    verify_ack(ack, registry.enrolment.signing_public_key, registry_id=registry.registry_id,
               bundle_id=ack.bundle_id, device_id=ack.device_id)
    assert ack_from_json(json.loads(ack_bytes(ack))) == ack


def _actions(registry) -> list[str]:
    return [entry.action for entry in registry.audit_entries()]


def test_versions_from_a_real_store_are_received_whole(registry, officer, tmp_path):
    scan = write_scan(tmp_path / "input")
    record_id, versions = submitted_and_amended(officer, scan)
    enrol(registry, officer.device.device_id, officer.device.public_key)
    out = io.BytesIO()
    sealed = seal_bundle(out, versions, device=device_signer(officer.conn, officer.device.device_id),
                         registry=recipient(registry))

    ack = ingest_bundle(registry, io.BytesIO(out.getvalue()))
    _verify(registry, ack)
    assert ack.bundle_id == sealed.bundle_id and ack.conflicts == ()
    assert [(a.record_id, a.version, a.content_hash) for a in ack.accepted] == list(sealed.versions)
    stored = received.get_record(registry, record_id)
    assert [(v.version, v.kind, v.content_hash) for v in stored] == [(1, "original", versions[0].content_hash),
                                                                     (2, "amendment", versions[1].content_hash)]
    assert stored[1].data()["name_latin"] == "Abdullayev Rustam"
    scan_id = versions[0].attachments[0].id
    assert received.attachment_ids(registry, record_id, 1) == [scan_id]
    assert received.read_attachment(registry, scan_id) == scan.read_bytes()
    assert _actions(registry)[-1] == "bundle.receive"
    details = registry.audit_entries()[-1].details
    assert details["stored"] == 2 and details["attachments_stored"] == 1 and "Abdull" not in json.dumps(details)
    assert registry.verify_audit()[1] == []


def test_a_resent_bundle_gets_the_same_ack_bytes_and_changes_nothing(registry, clock):
    device = Device()
    enrol_device(registry, device)
    data = seal_for(registry, device, [make_version(device, attachments=[attachment(pattern(200_000))])])
    first = ingest_bundle(registry, io.BytesIO(data))
    before = dump(registry)
    clock.advance(3600)
    again = ingest_bundle(registry, io.BytesIO(data))
    assert ack_bytes(again) == ack_bytes(first)
    assert dump(registry) == before
    assert ingest.stored_ack(registry, first.bundle_id) == (device.device_id, ack_bytes(first))


def test_a_version_already_held_is_accepted_and_stored_once(registry):
    device = Device()
    enrol_device(registry, device)
    scan = attachment(pattern(100_000, seed=3))
    version = make_version(device, attachments=[scan])
    other = make_version(device, seq=2, attachments=[scan])
    ingest_bundle(registry, io.BytesIO(seal_for(registry, device, [version])))
    ack = ingest_bundle(registry, io.BytesIO(seal_for(registry, device, [version, other])))
    assert [a.record_id for a in ack.accepted] == [version.record_id, other.record_id] and ack.conflicts == ()
    assert len(received.list_versions(registry)) == 2
    assert registry.conn.execute("SELECT count(*) FROM received_attachments").fetchone()[0] == 1
    assert registry.audit_entries()[-1].details["already_held"] == 1


def test_other_content_under_a_held_version_is_a_conflict_and_the_rest_is_accepted(registry):
    device = Device()
    enrol_device(registry, device)
    original = make_version(device, data={"family_name": "A"})
    ingest_bundle(registry, io.BytesIO(seal_for(registry, device, [original])))
    changed = make_version(device, record_id=original.record_id, data={"family_name": "B"})
    fresh = make_version(device, seq=5)
    ack = ingest_bundle(registry, io.BytesIO(seal_for(registry, device, [changed, fresh])))
    assert [(a.record_id, a.content_hash) for a in ack.conflicts] == [(original.record_id, changed.content_hash)]
    assert [a.record_id for a in ack.accepted] == [fresh.record_id]
    held = received.get_record(registry, original.record_id)
    assert [v.content_hash for v in held] == [original.content_hash]
    conflict = next(e for e in registry.audit_entries() if e.action == "bundle.conflict")
    assert conflict.target == original.record_id and conflict.details["held_hash"] == original.content_hash
    assert conflict.details["received_hash"] == changed.content_hash


def test_a_record_id_another_device_sent_is_a_conflict(registry):
    first, second = Device(), Device()
    enrol_device(registry, first)
    enrol_device(registry, second)
    version = make_version(first)
    ingest_bundle(registry, io.BytesIO(seal_for(registry, first, [version])))
    copied = make_version(second, record_id=version.record_id, version=2, kind="amendment")
    ack = ingest_bundle(registry, io.BytesIO(seal_for(registry, second, [copied])))
    assert ack.accepted == () and [a.version for a in ack.conflicts] == [2]


@pytest.mark.parametrize("status, code", [("unknown", "unknown_device"), ("pending", "device_pending"),
                                          ("revoked", "device_revoked")])
def test_devices_not_approved_are_refused_and_nothing_is_stored(registry, status, code):
    device = Device()
    if status != "unknown":
        enrol_device(registry, device, status)
    data = seal_for(registry, device, [make_version(device, attachments=[attachment(pattern(70_000))])])
    before = dump(registry, with_audit=False)
    audit_before = len(registry.audit_entries())
    with pytest.raises(DeviceRefused) as caught:
        ingest_bundle(registry, io.BytesIO(data))
    assert caught.value.code == code
    assert dump(registry, with_audit=False) == before
    refusals = registry.audit_entries()[audit_before:]
    if status == "unknown":
        assert refusals == []  # nothing attributable to an enrolled key: nothing written at all
    else:
        assert [(e.action, e.details["code"]) for e in refusals] == [("bundle.refuse", code)]


def test_a_bundle_naming_another_device_than_the_caller_is_refused(registry):
    device = Device()
    enrol_device(registry, device)
    data = seal_for(registry, device, [make_version(device)])
    with pytest.raises(DeviceRefused) as caught:
        ingest_bundle(registry, io.BytesIO(data), expected_device="00000000-0000-4000-8000-000000000000")
    assert caught.value.code == "device_mismatch"
    assert received.list_versions(registry) == []


def test_a_bundle_id_taken_with_another_manifest_is_refused(registry):
    device = Device()
    enrol_device(registry, device)
    data = seal_for(registry, device, [make_version(device)])
    ingest_bundle(registry, io.BytesIO(data))
    parts = Parts.of(data)
    parts.manifest["created_at"] = "2026-11-23T23:00:00.000000+00:00"
    before = dump(registry, with_audit=False)
    with pytest.raises(BundleConflict) as caught:
        ingest_bundle(registry, io.BytesIO(parts.resign(device)))
    assert caught.value.code == "bundle_conflict"
    assert dump(registry, with_audit=False) == before
    assert _actions(registry)[-1] == "bundle.refuse"


def test_flipped_bits_anywhere_are_refused_before_decryption_and_nothing_is_written(registry):
    device = Device()
    enrol_device(registry, device)
    data = seal_for(registry, device, [make_version(device, attachments=[attachment(pattern(150_000))])])
    regions = Parts.of(data).regions()
    before = dump(registry)
    for name, start, end in regions:
        for offset in {start, (start + end) // 2, end - 1}:
            with pytest.raises((BundleError, DeviceRefused)) as caught:
                ingest_bundle(registry, io.BytesIO(flip(data, offset)))
            assert caught.value.code in SEEKABLE["section" if name.startswith("section") else name], (name, offset)
    with pytest.raises(BundleError):
        ingest_bundle(registry, io.BytesIO(data[:-1]))
    with pytest.raises(BundleError) as caught:
        ingest_bundle(registry, io.BytesIO(data + b"\0"))
    assert caught.value.code == "trailing_data"
    assert dump(registry) == before


def test_a_bad_last_chunk_after_staging_part_of_an_attachment_rolls_everything_back(registry):
    """Signed again by the device's own key, so every pre-check passes and decryption starts."""
    device = Device()
    enrol_device(registry, device)
    scan = attachment(pattern(300_000, seed=7))
    data = seal_for(registry, device, [make_version(device, attachments=[scan]), make_version(device, seq=2)])
    before = dump(registry, with_audit=False)
    for damage in ("attachment", "document"):
        parts = Parts.of(data)
        section = parts.sections[-1] if damage == "attachment" else parts.sections[1]
        chunk = bytearray(section[-1])
        chunk[0] ^= 0x80
        section[-1] = bytes(chunk)
        with pytest.raises(BundleError) as caught:
            ingest_bundle(registry, io.BytesIO(parts.resign(device)))
        assert caught.value.code == "chunk"
        assert dump(registry, with_audit=False) == before
    assert [e.details["code"] for e in registry.audit_entries() if e.action == "bundle.refuse"] == ["chunk"] * 2
    assert registry.verify_audit()[1] == []
    ack = ingest_bundle(registry, io.BytesIO(data))  # the genuine bundle still goes through
    assert len(ack.accepted) == 2
    assert received.read_attachment(registry, scan.id) == pattern(300_000, seed=7)


def test_a_bundle_for_another_registry_key_is_refused(registry):
    from intake_app.bundles import RegistryKey

    device = Device()
    enrol_device(registry, device)
    out = io.BytesIO()
    seal_bundle(out, [make_version(device)], device=device.signer, registry=RegistryKey.generate().recipient("x"))
    with pytest.raises(BundleError) as caught:
        ingest_bundle(registry, io.BytesIO(out.getvalue()))
    assert caught.value.code == "wrong_registry"
    assert received.list_versions(registry) == []


def test_received_data_cannot_be_altered_in_sql(registry):
    from intake_app.database.connection import DatabaseError

    device = Device()
    enrol_device(registry, device)
    ingest_bundle(registry, io.BytesIO(seal_for(registry, device, [make_version(device)])))
    for sql in ("UPDATE received_versions SET document = '{}'", "DELETE FROM received_versions",
                "DELETE FROM received_bundles", "UPDATE received_bundles SET ack = ''"):
        with pytest.raises(DatabaseError):
            registry.conn.execute(sql)


def test_a_manifest_swapped_onto_another_bundles_body_is_refused_and_nothing_is_written(registry):
    device = Device()
    enrol_device(registry, device)
    first = seal_for(registry, device, [make_version(device)])
    second = seal_for(registry, device, [make_version(device)])
    head = {name: end for name, _start, end in Parts.of(first).regions()}["signature"]
    body = {name: end for name, _start, end in Parts.of(second).regions()}["signature"]
    before = dump(registry)
    with pytest.raises(BundleError) as caught:
        ingest_bundle(registry, io.BytesIO(first[:head] + second[body:]))
    assert caught.value.code in {"section_hash", "truncated", "trailing_data"}
    assert dump(registry) == before


def test_a_bundle_replayed_by_another_enrolled_device_is_refused(registry):
    thief, owner = Device(), Device()
    enrol_device(registry, owner)
    enrol_device(registry, thief)
    data = seal_for(registry, owner, [make_version(owner)])
    before = dump(registry, with_audit=False)
    with pytest.raises(DeviceRefused) as caught:
        ingest_bundle(registry, io.BytesIO(data), expected_device=thief.device_id)
    assert caught.value.code == "device_mismatch"
    assert dump(registry, with_audit=False) == before
