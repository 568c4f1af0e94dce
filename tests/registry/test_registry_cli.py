"""``intake registry …`` run for real in a subprocess: every failure one ``Error:`` line, exit 1, nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake_app.protocol.enrolment import read_enrolment_file
from tests.cli.cli_helpers import Cli
from tests.registry.cli_helpers import fails, ok

OTHER_PW = "a different passphrase"


@pytest.fixture
def registry_dir(cli: Cli, tmp_path: Path) -> Path:
    directory = tmp_path / "reg"
    out = ok(cli, "init", str(directory), "--name", "Committee on Migration", "--url", "https://registry.example.kz",
             "--operator", "amina")
    assert f"Created the registry in {directory}." in out and "Fingerprint (SHA-256): " in out
    return directory


@pytest.fixture
def device_key_file(cli: Cli, tmp_path: Path) -> Path:
    """The key file of a real device store, written by ``intake device export-key``."""
    cli.ok("init", "--admin", "admin", "--device-name", "Khorgos BCP laptop 2", "--location", "KZ-ZHT-KHORGOS")
    path = tmp_path / "device-key.json"
    cli.ok("device", "export-key", "--out", str(path))
    return path


def test_init_show_and_export(cli, registry_dir, tmp_path):
    fails(cli, "init", str(registry_dir), "--operator", "amina", match="A registry already exists")
    shown = ok(cli, "show", str(registry_dir))
    for text in ("Registry id: ", "Name: Committee on Migration", "URL: https://registry.example.kz",
                 "Encryption suite (HPKE): MLKEM768-X25519/HKDF-SHA256/AES-256-GCM", "Fingerprint (SHA-256): "):
        assert text in shown
    as_json = json.loads(ok(cli, "show", str(registry_dir), "--json"))
    out = ok(cli, "export-enrolment", str(registry_dir), "--out", str(tmp_path / "enrolment.json"))
    assert "Wrote the registry's enrolment file" in out and as_json["fingerprint"] in out
    exported = json.loads((tmp_path / "enrolment.json").read_text())
    assert exported == as_json
    assert read_enrolment_file(tmp_path / "enrolment.json").fingerprint == as_json["fingerprint"]
    assert as_json["fingerprint"] in shown


def test_classic_suite_and_passphrase_file(cli, tmp_path):
    secret = tmp_path / "pass.txt"
    secret.write_text(OTHER_PW + "\n")
    ok(cli, "init", str(tmp_path / "reg"), "--suite", "x25519", "--passphrase-file", str(secret),
       "--operator", "amina", INTAKE_REGISTRY_PASSPHRASE="")
    shown = json.loads(ok(cli, "show", str(tmp_path / "reg"), "--json", "--passphrase-file", str(secret),
                          INTAKE_REGISTRY_PASSPHRASE=""))
    assert shown["hpke_suite"] == "X25519/HKDF-SHA256/AES-256-GCM"


def test_failures_are_one_error_line_and_change_nothing(cli, registry_dir, tmp_path):
    fails(cli, "show", str(registry_dir), match="Wrong passphrase for the registry",
          INTAKE_REGISTRY_PASSPHRASE=OTHER_PW)
    fails(cli, "show", str(registry_dir), match="No passphrase given", INTAKE_REGISTRY_PASSPHRASE="")
    fails(cli, "show", str(tmp_path / "nowhere"), match="No registry was found")
    fails(cli, "init", str(tmp_path / "new"), "--operator", "amina", match="at least 10",
          INTAKE_REGISTRY_PASSPHRASE="short")
    assert not (tmp_path / "new").exists()
    fails(cli, "init", str(tmp_path / "new"), "--url", "registry.example.kz", "--operator", "amina", match="URL")
    fails(cli, "devices", "approve", str(registry_dir), "6b1e2d1c-0000-4000-8000-000000000000",
          "--operator", "amina", match="No device")
    (tmp_path / "junk.json").write_text("{}")
    fails(cli, "devices", "add-request", str(registry_dir), str(tmp_path / "junk.json"), "--operator", "amina",
          match="is not a Field Intake device key file")
    (registry_dir / "registry-keys.json").write_text("{damaged")
    fails(cli, "show", str(registry_dir), match="is damaged")


def test_enrol_a_real_device_then_revoke_it(cli, registry_dir, device_key_file):
    key = json.loads(device_key_file.read_text())
    device_id, fingerprint = key["device_id"], key["fingerprint"]
    out = ok(cli, "devices", "add-request", str(registry_dir), str(device_key_file), "--operator", "amina")
    assert f"Device {device_id} (Khorgos BCP laptop 2, KZ-ZHT-KHORGOS) is waiting for approval." in out
    assert fingerprint in out
    again = ok(cli, "devices", "add-request", str(registry_dir), str(device_key_file), "--operator", "amina")
    assert "nothing changed" in again
    listed = ok(cli, "devices", "list", str(registry_dir))
    assert "pending" in listed and device_id in listed and fingerprint in listed
    fails(cli, "devices", "approve", str(registry_dir), device_id, "--fingerprint", "0000 1111",
          "--operator", "serik", match="does not match")
    out = ok(cli, "devices", "approve", str(registry_dir), device_id, "--fingerprint", fingerprint,
             "--operator", "serik")
    assert f"Approved device {device_id}" in out
    fails(cli, "devices", "approve", str(registry_dir), device_id, "--operator", "serik", match="already approved")
    [entry] = json.loads(ok(cli, "devices", "list", str(registry_dir), "--json"))
    assert (entry["status"], entry["approved_by"], entry["public_key"]) == ("approved", "serik", key["public_key"])
    out = ok(cli, "devices", "revoke", str(registry_dir), device_id, "--reason", "laptop stolen", "--operator", "dana")
    assert "cannot be enrolled again" in out
    fails(cli, "devices", "approve", str(registry_dir), device_id, "--operator", "serik",
          match="a revoked device cannot be approved again")
    fails(cli, "devices", "add-request", str(registry_dir), str(device_key_file), "--operator", "amina",
          match="cannot be enrolled again")
    assert "revoked" in ok(cli, "devices", "list", str(registry_dir), "--status", "revoked")
    pending = ok(cli, "devices", "list", str(registry_dir), "--status", "pending")
    assert pending.strip() == "No device has asked to enrol."
    audit = ok(cli, "audit", str(registry_dir))
    assert "Audit log intact: 4 entries, chain verified." in audit
    for action in ("registry.create", "device.request", "device.approve", "device.revoke"):
        assert action in audit
    log = json.loads(ok(cli, "audit", str(registry_dir), "--json"))
    assert [(e["action"], e["actor"]) for e in log["entries"]] == [
        ("registry.create", "amina"), ("device.request", "amina"), ("device.approve", "serik"),
        ("device.revoke", "dana")] and log["problems"] == []


def test_reject_and_the_operator_from_user(cli, registry_dir, device_key_file):
    device_id = json.loads(device_key_file.read_text())["device_id"]
    ok(cli, "devices", "add-request", str(registry_dir), str(device_key_file), USER="registrar")
    out = ok(cli, "devices", "reject", str(registry_dir), device_id, "--reason", "not confirmed", USER="registrar")
    assert "may ask again" in out
    fails(cli, "devices", "reject", str(registry_dir), device_id, "--operator", "amina", match="No device")
    fails(cli, "devices", "revoke", str(registry_dir), device_id, match="--operator", USER="", USERNAME="")
    log = json.loads(ok(cli, "audit", str(registry_dir), "--json"))["entries"]
    assert [(e["action"], e["actor"]) for e in log][1:] == [("device.request", "registrar"),
                                                           ("device.reject", "registrar")]
    assert log[-1]["details"]["reason"] == "not confirmed"
