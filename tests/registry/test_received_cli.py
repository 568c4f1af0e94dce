"""``intake registry import|ack-export|records …`` run for real in a subprocess."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from intake_app.bundles.ack import ack_from_json, verify_ack
from intake_app.registry import Registry
from tests.bundles.helpers import Device, Parts, attachment, make_version, pattern
from tests.registry.cli_helpers import fails, ok, reg
from tests.registry.ingest_helpers import enrol_device, seal_for

#: ``import`` records who took the bundles in (``--operator`` or ``$USER``).
OPERATOR = {"USER": "amina"}


@pytest.fixture
def bundle(registry: Registry, tmp_path: Path) -> tuple[Path, Device, list]:
    device = Device()
    enrol_device(registry, device)
    versions = [make_version(device, data={"family_name": "=HYPERLINK(1)", "given": "Рустам"},
                             attachments=[attachment(pattern(80_000))]),
                make_version(device, seq=2)]
    path = tmp_path / "media" / "bundle.fib"
    path.parent.mkdir()
    path.write_bytes(seal_for(registry, device, versions))
    return path, device, versions


def _verify(registry: Registry, document: object, device: Device) -> None:
    ack = ack_from_json(document)
    verify_ack(ack, registry.enrolment.signing_public_key, registry_id=registry.registry_id,
               bundle_id=ack.bundle_id, device_id=device.device_id)


def test_import_then_ack_export_and_records(cli, registry, registry_dir, bundle, tmp_path):
    path, device, versions = bundle
    acks = tmp_path / "acks.json"
    out = ok(cli, "import", str(registry_dir), str(path), "--acks-out", str(acks), **OPERATOR)
    assert "2 version(s) accepted, 0 conflict(s)" in out
    [document] = json.loads(acks.read_bytes())
    _verify(registry, document, device)
    assert acks.stat().st_mode & 0o077 == 0
    assert "2 version(s) accepted" in ok(cli, "import", str(registry_dir), str(path), **OPERATOR)  # again: same answer
    bundle_id = Parts.of(path.read_bytes()).manifest["bundle_id"]
    single = tmp_path / "ack.json"
    ok(cli, "ack-export", str(registry_dir), bundle_id, "--out", str(single))
    assert json.loads(single.read_bytes()) == document
    fails(cli, "ack-export", str(registry_dir), "6b1f5c2e-9a57-4d38-9d7c-0f8d5f0b9a11", "--out", str(single),
          match="no bundle")
    receive = [e for e in registry.audit_entries() if e.action == "bundle.receive"]
    assert len(receive) == 1 and receive[0].details["via"] == "media:amina"

    listing = ok(cli, "records", "list", str(registry_dir))
    assert versions[0].record_id in listing and versions[1].record_id in listing
    rows = json.loads(ok(cli, "records", "list", str(registry_dir), "--json"))
    assert {row["record_id"] for row in rows} == {v.record_id for v in versions}
    shown = ok(cli, "records", "show", str(registry_dir), versions[0].record_id)
    assert "Рустам" in shown and "Attachment: " + versions[0].attachments[0].id in shown
    shown_json = json.loads(ok(cli, "records", "show", str(registry_dir), versions[0].record_id, "--json"))
    assert shown_json[0]["content_hash"] == versions[0].content_hash
    assert shown_json[0]["attachments"] == [versions[0].attachments[0].id]
    fails(cli, "records", "show", str(registry_dir), "0b3e0c6a-0000-4000-8000-000000000000", match="no record")
    receipt = shown_json[0]["receipt_no"]
    assert receipt
    loosely = receipt.lower().replace("-", " ").replace("0", "o")  # as a clerk types it, read out over the phone
    assert json.loads(ok(cli, "records", "show", str(registry_dir), loosely, "--json")) == shown_json

    exported = json.loads(ok(cli, "records", "export", str(registry_dir), "--format", "json"))
    assert {e["document"]["data"].get("given") for e in exported} >= {"Рустам"}
    target = tmp_path / "export.csv"
    ok(cli, "records", "export", str(registry_dir), "--format", "csv", "--out", str(target))
    assert target.stat().st_mode & 0o077 == 0
    table = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    first = next(row for row in table if row["record_id"] == versions[0].record_id)
    assert first["given"] == "Рустам" and first["family_name"] == "'=HYPERLINK(1)"
    assert first["content_hash"] == versions[0].content_hash


def test_import_of_a_damaged_or_foreign_file_fails_cleanly(cli, registry, registry_dir, bundle, tmp_path):
    path, _device, _versions = bundle
    damaged = tmp_path / "damaged.fib"
    data = bytearray(path.read_bytes())
    data[-10] ^= 1
    damaged.write_bytes(bytes(data))
    fails(cli, "import", str(registry_dir), str(damaged), match="does not match its hash", **OPERATOR)
    stranger = Device()
    foreign = tmp_path / "foreign.fib"
    foreign.write_bytes(seal_for(registry, stranger, [make_version(stranger)]))
    fails(cli, "import", str(registry_dir), str(foreign), match="not enrolled", **OPERATOR)
    fails(cli, "import", str(registry_dir), str(tmp_path / "missing.fib"), match="Cannot read", **OPERATOR)
    assert registry.conn.execute("SELECT count(*) FROM received_versions").fetchone()[0] == 0
    assert "received no records" in ok(cli, "records", "list", str(registry_dir))


def test_import_of_an_export_file_takes_each_bundle_on_its_own(cli, registry, registry_dir, bundle, tmp_path):
    from intake_app.protocol.media import write_media

    path, device, _versions = bundle
    stranger = Device()
    foreign = seal_for(registry, stranger, [make_version(stranger)])
    second = seal_for(registry, device, [make_version(device, seq=9)])
    export = tmp_path / "export.fim"
    with export.open("wb") as out:
        items = [path.read_bytes(), foreign, second]
        write_media(out, [(len(b), lambda b=b: [b]) for b in items], len(items))
    acks = tmp_path / "acks.json"
    result = reg(cli, "import", str(registry_dir), str(export), "--acks-out", str(acks), **OPERATOR)
    assert result.returncode == 1 and "Bundle 2 of the file was refused" in result.stderr, result
    documents = json.loads(acks.read_bytes())
    assert len(documents) == 2
    for document in documents:
        _verify(registry, document, device)
    assert registry.conn.execute("SELECT count(*) FROM received_versions").fetchone()[0] == 3
